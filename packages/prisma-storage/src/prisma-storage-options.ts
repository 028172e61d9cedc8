/**
 * PrismaStorage's options, validated once at construction.
 */
import { ConfigInvalidError } from '@atomizer/core';
import { z } from 'zod';

import type { Dialect, PrismaStorageProvider } from './dialects/dialect.js';
import { DIALECTS } from './dialects/index.js';
import type { PrismaClientLike } from './prisma-client-shape.js';

/** Options of {@link PrismaStorage}. */
export interface PrismaStorageOptions {
  /**
   * Your PrismaClient (Prisma 7, with a driver adapter), generated from a schema that includes
   * Atomizer's model file `@atomizer/prisma-storage/prisma/<provider>/atomizer.prisma`.
   */
  prisma: PrismaClientLike;
  /** The `provider` of your schema's `datasource` block. */
  provider: PrismaStorageProvider;
  /**
   * PostgreSQL: the schema that holds Atomizer's tables. Set it when you pass `schema` to
   * `PrismaPg`; Atomizer's raw lease statement then names its tables with it, as Prisma's own
   * queries do. Letters, digits and `_` only.
   * @defaultValue undefined (tables are found through the connection's `search_path`)
   */
  schema?: string;
}

/** Options after validation. */
export interface ResolvedPrismaStorageOptions {
  prisma: PrismaClientLike;
  dialect: Dialect;
  schema: string | undefined;
}

const WHERE = 'PrismaStorage';

/** Members a PrismaClient must have for the storage to work, and what each one proves. */
const REQUIRED_CLIENT_MEMBERS: ReadonlyArray<readonly [path: string, hint: string]> = [
  ['$queryRaw', 'a PrismaClient'],
  ['$transaction', 'a PrismaClient'],
  ['atomizerJob.updateMany', "generated from a schema that includes Atomizer's models (atomizer.prisma)"],
  ['atomizerJobError.create', "generated from a schema that includes Atomizer's models (atomizer.prisma)"],
  ['atomizerServer.updateMany', "generated from a schema that includes Atomizer's models (atomizer.prisma)"],
];

const supportedProviders = Object.keys(DIALECTS) as [PrismaStorageProvider, ...PrismaStorageProvider[]];

const optionsSchema = z.object({
  prisma: z.unknown().superRefine((value, ctx) => {
    const missing = missingMember(value);
    if (missing !== undefined) {
      ctx.addIssue({ code: 'custom', message: `must be ${missing[1]}; it has no ${missing[0]}()` });
    }
  }),
  provider: z.enum(supportedProviders, {
    error: `must be one of ${supportedProviders.map((name) => JSON.stringify(name)).join(', ')} (the datasource provider of your schema)`,
  }),
  schema: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
      error: 'must be 1 to 63 letters, digits or underscores, not starting with a digit',
    })
    .optional(),
});

/**
 * Validates the options and picks the provider's dialect.
 * @throws ConfigInvalidError naming the option, the rule and the value received.
 */
export function resolvePrismaStorageOptions(options: PrismaStorageOptions): ResolvedPrismaStorageOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigInvalidError({ where: WHERE, option: '', rule: 'options must be an object { prisma, provider }', received: options });
  }

  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = issue?.path.join('.') ?? '';
    throw new ConfigInvalidError({
      where: WHERE,
      option,
      rule: issue?.message ?? 'is invalid',
      received: option === 'prisma' ? describeClient(options.prisma) : (options as unknown as Record<string, unknown>)[option],
    });
  }

  // Safe: `provider` is one of the DIALECTS keys, checked above.
  const dialect = DIALECTS[parsed.data.provider] as Dialect;
  if (parsed.data.schema !== undefined && !dialect.supportsSchemaOption) {
    throw new ConfigInvalidError({
      where: WHERE,
      option: 'schema',
      rule: `must be omitted for provider "${dialect.provider}", which has no schemas`,
      received: parsed.data.schema,
    });
  }

  return { prisma: options.prisma, dialect, schema: parsed.data.schema };
}

/** The first required member `value` lacks, with the hint of what it proves, if any. */
function missingMember(value: unknown): readonly [string, string] | undefined {
  return REQUIRED_CLIENT_MEMBERS.find(([path]) => typeof memberAt(value, path) !== 'function');
}

/** Names a client without dumping it (a PrismaClient is a large object): `[object PrismaClient]`. */
function describeClient(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : value;
}

function memberAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if ((typeof current !== 'object' && typeof current !== 'function') || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
