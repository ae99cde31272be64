/**
 * The one path that writes the as-run record: what an engine command produced, appended to the log,
 * projected into the run index and checked for deviations, in the command's transaction.
 */
package dev.asrun.record;
