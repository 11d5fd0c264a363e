// Types for the `cloudflare:test` module inside the workers pool (tsconfig's types are node only).
/// <reference types="@cloudflare/vitest-pool-workers" />
