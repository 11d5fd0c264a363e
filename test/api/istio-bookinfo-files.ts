/// <reference types="vite/client" />
// The bookinfo samples, unchanged, bundled as text (?raw) so the same suite runs in workerd, which has no file system.
import bookinfo from '../../../shared/istio-samples/bookinfo/bookinfo.yaml?raw';
import drAll from '../../../shared/istio-samples/bookinfo/destination-rule-all.yaml?raw';
import vsAllV1 from '../../../shared/istio-samples/bookinfo/virtual-service-all-v1.yaml?raw';
import vs8020 from '../../../shared/istio-samples/bookinfo/virtual-service-reviews-80-20.yaml?raw';
import vs9010 from '../../../shared/istio-samples/bookinfo/virtual-service-reviews-90-10.yaml?raw';
import vsJason from '../../../shared/istio-samples/bookinfo/virtual-service-reviews-jason-v2-v3.yaml?raw';
import vsV3 from '../../../shared/istio-samples/bookinfo/virtual-service-reviews-v3.yaml?raw';
import vsAbort from '../../../shared/istio-samples/bookinfo/virtual-service-ratings-test-abort.yaml?raw';

/** File name → text, for the files the API suite applies. */
export const BOOKINFO_FILES: Record<string, string> = {
  'bookinfo.yaml': bookinfo,
  'destination-rule-all.yaml': drAll,
  'virtual-service-all-v1.yaml': vsAllV1,
  'virtual-service-reviews-80-20.yaml': vs8020,
  'virtual-service-reviews-90-10.yaml': vs9010,
  'virtual-service-reviews-jason-v2-v3.yaml': vsJason,
  'virtual-service-reviews-v3.yaml': vsV3,
  'virtual-service-ratings-test-abort.yaml': vsAbort,
};
