/**
 * Redlines: edits to a procedure as its author wrote it, proposed from the evidence of its runs
 * (with the executors' corrections applied), and the unified diff of its TOML source that makes
 * them.
 */
package dev.asrun.redline;
