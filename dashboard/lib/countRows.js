/**
 * Counts the records of a CSV or NDJSON byte stream as its chunks arrive. CSV records end at a line
 * break outside quotes (a quoted cell may hold line breaks); NDJSON escapes them, so each is one line.
 * Quote state carries across chunks: a chunk may end inside a cell.
 */
export function rowCounter(format) {
  let rows = 0;
  let quoted = false;
  return {
    add(bytes) {
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        if (b === 0x22 && format === 'csv') quoted = !quoted;
        else if (b === 0x0a && !quoted) rows++;
      }
      return rows;
    },
    get rows() {
      return rows;
    },
  };
}
