/**
 * A small RFC 4180 CSV reader: comma-separated fields, double-quoted fields
 * that may hold commas, newlines and doubled quotes (`""`), LF or CRLF line
 * ends, an optional UTF-8 byte-order mark and an optional final newline.
 * Malformed text (an unterminated quote, text after a closing quote) throws,
 * naming the line, so a broken data file never turns into silently shifted
 * columns.
 *
 * @example
 * parseCsv('id,name\n1,"Smith, J."\n') // [['id', 'name'], ['1', 'Smith, J.']]
 */
export function parseCsv(text: string, source = 'CSV text'): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let line = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const n = text.length
  // True right after a field separator or at the start of a row: lets "a,\n" keep its empty last field.
  let pending = false

  while (i < n) {
    const c = text[i]!
    if (c === '"' && field === '') {
      const startLine = line
      i++
      for (;;) {
        if (i >= n) throw new Error(`${source}: unterminated quoted field starting on line ${startLine}`)
        const q = text[i]!
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (q === '\n') line++
        field += q
        i++
      }
      const next = text[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`${source}: unexpected ${JSON.stringify(next)} after a closing quote on line ${line}`)
      }
      pending = true
      continue
    }
    if (c === ',') {
      row.push(field)
      field = ''
      pending = true
      i++
      continue
    }
    if (c === '\r' || c === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      pending = false
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      continue
    }
    if (c === '"') throw new Error(`${source}: stray quote inside an unquoted field on line ${line}`)
    // Unquoted run: copy up to the next separator, line end or quote in one slice.
    let end = i + 1
    while (end < n) {
      const e = text.charCodeAt(end)
      if (e === 44 || e === 10 || e === 13 || e === 34) break
      end++
    }
    field += text.slice(i, end)
    pending = true
    i = end
  }
  if (pending || field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** A CSV table: its header and its rows as records keyed by the header. */
export interface CsvTable {
  header: string[]
  rows: Record<string, string>[]
}

/**
 * Parses CSV text whose first row is a header into records. Every row must
 * have as many fields as the header (blank lines are skipped); a ragged row
 * throws, naming the row.
 *
 * @example
 * readCsvTable('a,b\n1,2\n').rows // [{ a: '1', b: '2' }]
 */
export function readCsvTable(text: string, source = 'CSV text'): CsvTable {
  const [header, ...body] = parseCsv(text, source)
  if (!header) throw new Error(`${source}: empty, expected a header row`)
  const rows: Record<string, string>[] = []
  for (const [r, fields] of body.entries()) {
    if (fields.length === 1 && fields[0] === '') continue
    if (fields.length !== header.length) {
      throw new Error(`${source}: data row ${r + 1} has ${fields.length} fields, the header has ${header.length}`)
    }
    const record: Record<string, string> = {}
    for (const [k, name] of header.entries()) record[name] = fields[k]!
    rows.push(record)
  }
  return { header, rows }
}
