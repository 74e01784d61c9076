import 'reflect-metadata';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { cobuildSchema, printCobuildSchema } from '../graphql/schema.js';

/** Writes the SDL the code builds to schema/schema.graphql (the committed artifact). */
const target = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));
await fs.writeFile(target, printCobuildSchema(await cobuildSchema()));
console.log(`wrote ${target}`);
