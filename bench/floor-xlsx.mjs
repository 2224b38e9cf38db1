// Floor for workbooks: exceljs's streaming WorkbookReader alone, every cell value read. Prints the row count.
import ExcelJS from 'exceljs';

const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], {
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  entries: 'ignore',
});
let rows = 0;
let cells = 0;
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows++;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.value !== undefined) cells++;
    });
  }
}
process.stdout.write(`${rows}\n`);
