// Must be the first import of main.ts: zod compiles object parsers with `new Function` when schemas
// are constructed, and even its probe for eval is reported as a CSP violation. Jitless mode avoids
// both; the contract's schemas are built when shared/contract.ts is evaluated, after this module.
import { z } from 'zod';

z.config({ jitless: true });
