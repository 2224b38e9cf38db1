/**
 * HTML tables saved with an .xls name (a common "export Excel" shortcut). A tolerant tokenizer,
 * not a DOM: tr/td/th, colspan and rowspan keep columns aligned (spanned positions are empty
 * cells, like merged cells), <br> is a line break, other tags are dropped, entities decoded.
 */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad',
  eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë', Eacute: 'É', Egrave: 'È', Ecirc: 'Ê', Euml: 'Ë',
  agrave: 'à', aacute: 'á', acirc: 'â', auml: 'ä', atilde: 'ã', aring: 'å',
  Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Auml: 'Ä', Atilde: 'Ã', Aring: 'Å',
  igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï',
  ograve: 'ò', oacute: 'ó', ocirc: 'ô', ouml: 'ö', otilde: 'õ', oslash: 'ø',
  Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Ouml: 'Ö', Otilde: 'Õ', Oslash: 'Ø',
  ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü',
  yacute: 'ý', yuml: 'ÿ', Yacute: 'Ý', Yuml: 'Ÿ', ccedil: 'ç', Ccedil: 'Ç', ntilde: 'ñ', Ntilde: 'Ñ',
  oelig: 'œ', OElig: 'Œ', aelig: 'æ', AElig: 'Æ', szlig: 'ß',
  euro: '€', pound: '£', yen: '¥', cent: '¢', curren: '¤', sect: '§', para: '¶', copy: '©', reg: '®', trade: '™',
  deg: '°', plusmn: '±', times: '×', divide: '÷', micro: 'µ', middot: '·', laquo: '«', raquo: '»',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', lsaquo: '‹', rsaquo: '›',
  ndash: '–', mdash: '—', hellip: '…', bull: '•', dagger: '†', Dagger: '‡', permil: '‰',
  iexcl: '¡', iquest: '¿', ordf: 'ª', ordm: 'º', sup1: '¹', sup2: '²', sup3: '³',
  frac14: '¼', frac12: '½', frac34: '¾', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003',
  zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f', tab: '\t', newline: '\n',
};

/** HTML maps numeric references 128–159 to Windows-1252 characters (&#128; is €). */
const WIN1252_C1 =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function codePoint(n: number): string {
  if (n >= 128 && n <= 159) return WIN1252_C1[n - 128] ?? '';
  if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(n);
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31})(;?)/g, (all, ref: string, semi: string) => {
    if (ref[0] === '#') {
      const n = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return codePoint(n);
    }
    const named = Object.hasOwn(NAMED, ref) ? NAMED[ref] : undefined;
    // Without ';' only the usual suspects (browsers accept "&nbsp" and co. in text).
    if (named === undefined || (!semi && !['amp', 'lt', 'gt', 'quot', 'nbsp'].includes(ref))) return all;
    return named;
  });
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function span(attrs: string, name: string, max: number): number {
  const n = parseInt(attr(attrs, name) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

interface TableState {
  rows: string[][];
  row: string[] | null;
  cell: string | null;
  /** Per column: how many more rows a rowspan above still covers. */
  covered: number[];
  colspan: number;
  rowspan: number;
  nested: number;
}

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<(script|style|textarea|title)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<\/?([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<[!?][^>]*>/g;

/** Every table of the document, as rows of cells (strings). Tables without rows are dropped. */
export function parseHtmlTables(html: string): string[][][] {
  const tables: string[][][] = [];
  const stack: TableState[] = [];
  const top = (): TableState | undefined => stack[stack.length - 1];

  const skipCovered = (t: TableState): void => {
    const row = t.row;
    if (!row) return;
    while ((t.covered[row.length] ?? 0) > 0) {
      t.covered[row.length] = (t.covered[row.length] ?? 1) - 1;
      row.push('');
    }
  };
  const closeCell = (t: TableState): void => {
    if (t.cell === null || !t.row) return;
    const text = t.cell.replace(/ *\n */g, '\n').replace(/^[ \n]+|[ \n]+$/g, '');
    const col = t.row.length;
    t.row.push(text);
    for (let k = 1; k < t.colspan; k++) t.row.push('');
    for (let k = 0; k < t.colspan; k++) t.covered[col + k] = t.rowspan - 1;
    t.cell = null;
  };
  const closeRow = (t: TableState): void => {
    closeCell(t);
    if (!t.row) return;
    // Columns after the row's last cell that a rowspan from above still covers: one row less.
    for (let c = t.row.length; c < t.covered.length; c++) {
      if ((t.covered[c] ?? 0) > 0) t.covered[c] = (t.covered[c] ?? 1) - 1;
    }
    t.rows.push(t.row);
    t.row = null;
  };
  const appendText = (text: string): void => {
    const t = top();
    if (!t || t.cell === null) return;
    t.cell += text;
  };

  let last = 0;
  for (const m of html.matchAll(TOKEN)) {
    const index = m.index ?? 0;
    if (index > last) appendText(decodeEntities(html.slice(last, index).replace(/[ \t\n\r\f]+/g, ' ')));
    last = index + m[0].length;
    const name = m[2]?.toLowerCase();
    if (!name) continue;
    const closing = m[0][1] === '/';
    const attrs = m[3] ?? '';
    const t = top();

    if (t && t.nested > 0) {
      // A table inside a cell: its content is text of the outer cell.
      if (name === 'table') t.nested += closing ? -1 : 1;
      else if (name === 'br' || (name === 'tr' && closing)) appendText('\n');
      else if ((name === 'td' || name === 'th') && closing) appendText(' ');
      continue;
    }
    switch (name) {
      case 'table':
        if (closing) {
          if (!t) break;
          closeRow(t);
          stack.pop();
          if (t.rows.length > 0) tables.push(t.rows);
        } else if (t && t.cell !== null) {
          t.nested = 1;
        } else {
          stack.push({ rows: [], row: null, cell: null, covered: [], colspan: 1, rowspan: 1, nested: 0 });
        }
        break;
      case 'tr':
        if (!t) break;
        closeRow(t);
        if (!closing) {
          t.row = [];
          skipCovered(t);
        }
        break;
      case 'td':
      case 'th':
        if (!t) break;
        if (closing) {
          closeCell(t);
          break;
        }
        closeCell(t);
        if (!t.row) {
          t.row = [];
        }
        skipCovered(t);
        t.cell = '';
        t.colspan = span(attrs, 'colspan', 1000);
        t.rowspan = span(attrs, 'rowspan', 65_534);
        break;
      case 'br':
        appendText('\n');
        break;
      case 'p':
      case 'div':
      case 'li':
        if (t && t.cell) appendText('\n');
        break;
      default:
        break;
    }
  }
  if (last < html.length) appendText(decodeEntities(html.slice(last).replace(/[ \t\n\r\f]+/g, ' ')));
  while (stack.length > 0) {
    const t = stack.pop() as TableState;
    closeRow(t);
    if (t.rows.length > 0) tables.push(t.rows);
  }
  return tables;
}

/** Leading '<' (after BOM/whitespace) and a table or an html element near the start. */
export function looksLikeHtml(headText: string): boolean {
  const s = headText.replace(/^\ufeff/, '').trimStart();
  return s.startsWith('<') && /<(table|html)\b/i.test(s);
}

/** Excel 2003 XML Spreadsheet (SpreadsheetML), another thing saved as .xls. */
export function looksLikeSpreadsheetMl(headText: string): boolean {
  const s = headText.replace(/^\ufeff/, '').trimStart();
  return s.startsWith('<') && /<(?:ss:)?Workbook\b/.test(s) && /urn:schemas-microsoft-com:office:spreadsheet/i.test(s);
}
