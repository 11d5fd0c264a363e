/** A block of a report: a paragraph, a bullet list, a table, or a figure (an SVG file beside the report). */
export type ReportBlock =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'figure'; file: string; caption: string }
  | { kind: 'code'; text: string };

/** A titled section. */
export interface ReportSection {
  title: string;
  blocks: ReportBlock[];
}

/** A report, rendered to Markdown or HTML. */
export interface ReportDocument {
  title: string;
  sections: ReportSection[];
}

/**
 * Renders a report as GitHub-flavoured Markdown; figures become image links to the SVG files.
 *
 * @example
 * toMarkdown({ title: 'Sim', sections: [{ title: 'A', blocks: [{ kind: 'text', text: 'hi' }] }] });
 */
export function toMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${doc.title}`, ''];
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      if (b.kind === 'text') out.push(b.text, '');
      else if (b.kind === 'list') out.push(...b.items.map((i) => `- ${i}`), '');
      else if (b.kind === 'code') out.push('```', b.text, '```', '');
      else if (b.kind === 'figure') out.push(`![${b.caption}](${b.file})`, '', `*${b.caption}*`, '');
      else {
        out.push(`| ${b.head.join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`);
        for (const r of b.rows) out.push(`| ${r.join(' | ')} |`);
        out.push('');
      }
    }
  }
  return out.join('\n');
}

/**
 * Renders a report as one HTML page; figures are embedded from `svgs` (file name → SVG text) when given,
 * otherwise referenced by <img>. Text is escaped; `**bold**` and `` `code` `` are rendered.
 *
 * @example
 * toHtml(doc, new Map([['fig7-p99.svg', svg]]));
 */
export function toHtml(doc: ReportDocument, svgs?: ReadonlyMap<string, string>): string {
  const out: string[] = [
    '<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${esc(doc.title)}</title>`,
    '<style>body{font-family:Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;line-height:1.45}',
    'table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}',
    'th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}',
    'figcaption{font-style:italic;color:#444}pre{background:#f6f6f6;padding:.8em;overflow:auto}</style></head><body>',
    `<h1>${esc(doc.title)}</h1>`,
  ];
  for (const s of doc.sections) {
    out.push(`<h2>${esc(s.title)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'text') out.push(`<p>${inline(b.text)}</p>`);
      else if (b.kind === 'list') out.push('<ul>', ...b.items.map((i) => `<li>${inline(i)}</li>`), '</ul>');
      else if (b.kind === 'code') out.push(`<pre>${esc(b.text)}</pre>`);
      else if (b.kind === 'figure') {
        const svg = svgs?.get(b.file);
        out.push('<figure>', svg ?? `<img src="${esc(b.file)}" alt="${esc(b.caption)}">`, `<figcaption>${inline(b.caption)}</figcaption>`, '</figure>');
      } else {
        out.push('<table><thead><tr>', ...b.head.map((h) => `<th>${inline(h)}</th>`), '</tr></thead><tbody>');
        for (const r of b.rows) out.push(`<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`);
        out.push('</tbody></table>');
      }
    }
  }
  out.push('</body></html>');
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inline(s: string): string {
  return esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`(.+?)`/g, '<code>$1</code>');
}
