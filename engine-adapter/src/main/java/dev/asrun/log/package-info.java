/** The as-run event log: append-only, hash-chained per run stream, verifiable, in the engine's database. */
package dev.asrun.log;
