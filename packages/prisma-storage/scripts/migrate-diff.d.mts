/** The first lines of every shipped atomizer.sql. */
export function ddlHeader(provider: string): string;
/** The DDL that creates Atomizer's tables on `provider`, header included. */
export function diffFromEmpty(provider: string, options?: { postgresUrl?: string }): string;
