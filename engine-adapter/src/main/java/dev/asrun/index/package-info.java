/**
 * The run index: tables derived from the as-run log by a projector, in the same transaction, and
 * rebuildable from the log alone.
 */
package dev.asrun.index;
