// ajv 6 (Debian's node-ajv) on the JSONSchemaBenchmarks cases, draft-04, in the same run.
// Run: NODE_PATH=/usr/share/nodejs node Benchmarks/peers/ajv_bench.js
// Prints lines "NAME ajv NS" (ns per validation, median of five rounds after warm-up).
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const root = path.join(__dirname, '..', '..');
const ajv = new Ajv({ schemaId: 'id', meta: false, allErrors: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const swagger = JSON.parse(fs.readFileSync(path.join(root, 'Fixtures/apis/orders-validation.json'), 'utf8'));
// The Swagger's models reference each other as #/definitions/X: give ajv the whole document.
ajv.addSchema(Object.assign({ id: 'api' }, { definitions: swagger.definitions }));
const createOrders = ajv.getSchema('api#/definitions/CreateOrders');
const body = fs.readFileSync(path.join(root, 'Fixtures/payloads/orders-valid.json'), 'utf8');
const one = JSON.parse(body);
const hundred = Array(100).fill(one[0]);

const properties = {}, required = [];
for (let i = 0; i < 30; i++) {
  let s;
  switch (i % 6) {
    case 0: s = { type: 'string', maxLength: 64 }; break;
    case 1: s = { type: 'integer', minimum: 0, maximum: 1000 }; break;
    case 2: s = { type: 'number', multipleOf: 0.5 }; break;
    case 3: s = { type: 'boolean' }; break;
    case 4: s = { type: 'string', enum: ['alpha', 'beta', 'gamma'] }; break;
    default: s = { type: 'string', pattern: '^[a-z0-9-]+$' };
  }
  properties['p' + i] = s; required.push('p' + i);
}
const recordSchema = ajv.compile({ type: 'object', properties: { records: { type: 'array', items: { type: 'object', properties, required, additionalProperties: false } } }, required: ['records'] });
const records = { records: [] };
for (let r = 0; r < 10; r++) {
  const o = {};
  for (let i = 0; i < 30; i++) {
    switch (i % 6) {
      case 0: o['p' + i] = `value number ${r}-${i} with some text`; break;
      case 1: o['p' + i] = r * 10 + i; break;
      case 2: o['p' + i] = r + 0.5; break;
      case 3: o['p' + i] = r % 2 === 0; break;
      case 4: o['p' + i] = 'beta'; break;
      default: o['p' + i] = `slug-${r}-${i}`;
    }
  }
  records.records.push(o);
}
function bench(name, fn) {
  if (!fn()) throw new Error(name + ' is not valid');
  for (let i = 0; i < 200000; i++) fn();
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    let n = 0; const start = process.hrtime.bigint(); let now;
    do { for (let i = 0; i < 1000; i++) fn(); n += 1000; now = process.hrtime.bigint(); } while (now - start < 200000000n);
    rounds.push(Number(now - start) / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name} ajv ${rounds[2].toFixed(1)}`);
}
bench('isValid create-orders 1 item', () => createOrders(one));
bench('isValid create-orders 100 items', () => createOrders(hundred));
bench('isValid records 30 properties', () => recordSchema(records));
bench('parse + isValid create-orders 1 item', () => createOrders(JSON.parse(body)));
