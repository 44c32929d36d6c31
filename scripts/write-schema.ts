// Regenerates docs/inspection-file.schema.json from the zod schema: npm run schema
import { writeFileSync } from 'node:fs';
import { inspectionFileJsonSchema } from '../core/format/inspection-file';

writeFileSync('docs/inspection-file.schema.json', `${JSON.stringify(inspectionFileJsonSchema(), null, 2)}\n`);
console.log('wrote docs/inspection-file.schema.json');
