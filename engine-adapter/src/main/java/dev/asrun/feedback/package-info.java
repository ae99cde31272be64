/**
 * What the executor says about a run: corrections of the engine's interpretation (seed 7.2, 11) and
 * the answer to the confirmation prompt issued when a run ends (seed 5.3), both appended to the
 * run's stream of the as-run log.
 */
package dev.asrun.feedback;
