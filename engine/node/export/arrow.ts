// Writes the result of a DuckDB SELECT as an Arrow IPC file (`--arrow`) with apache-arrow: one record
// batch per DuckDB chunk (2048 rows), columns typed from DuckDB's types (64-bit integers stay BigInt).
import { writeFileSync } from 'node:fs';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  Field, Int32, Int64, List, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, TimeUnit, Timestamp,
  Uint64, Utf8, vectorFromArray, type Data, type DataType,
} from 'apache-arrow';

function arrowType(duck: string): DataType {
  switch (duck) {
    case 'VARCHAR': return new Utf8();
    case 'UBIGINT': return new Uint64();
    case 'BIGINT': return new Int64();
    case 'INTEGER': return new Int32();
    case 'TIMESTAMP WITH TIME ZONE': return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case 'VARCHAR[]': return new List(new Field('item', new Utf8(), true));
    default: throw new Error(`no Arrow type for DuckDB type ${duck}`);
  }
}

/** 64-bit columns built from their bigints directly, so no value passes through a double. */
function bigData(type: DataType, values: DuckDBValue[]): Data {
  const n = values.length;
  const arr = type instanceof Uint64 ? new BigUint64Array(n) : new BigInt64Array(n);
  const nulls = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) { nullCount++; continue; }
    nulls[i >> 3] |= 1 << (i & 7);
    arr[i] = typeof v === 'bigint' ? v : (v as { micros: bigint }).micros;
  }
  return makeData({ type: type as Int64, length: n, data: arr as BigInt64Array, nullBitmap: nullCount ? nulls : undefined, nullCount });
}

function columnData(type: DataType, values: DuckDBValue[]): Data {
  if (type instanceof Uint64 || type instanceof Int64 || type instanceof Timestamp) return bigData(type, values);
  if (type instanceof List) {
    const lists = values.map((v) => (v === null ? null : (v as { items: DuckDBValue[] }).items.map((x) => (x === null ? null : String(x)))));
    return vectorFromArray(lists, type).data[0];
  }
  return vectorFromArray(values as (string | number | null)[], type).data[0];
}

export async function writeArrowFile(con: DuckDBConnection, select: string, file: string): Promise<void> {
  const result = await con.stream(select);
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => arrowType(t.toString()));
  const schema = new Schema(names.map((n, i) => new Field(n, types[i], true)));
  const batches: RecordBatch[] = [];
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const children = names.map((_, i) => columnData(types[i], chunk!.getColumnValues(i)));
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: chunk.rowCount, children, nullCount: 0 })));
  }
  const writer = new RecordBatchFileWriter();
  writer.reset(undefined, schema);
  for (const b of batches) writer.write(b);
  writer.finish();
  writeFileSync(file, writer.toUint8Array(true));
}
