/**
 * The monitor (seed 5.1, 5.2): observations of actions reported from outside the engine, matched
 * to the steps of procedures' runs, starting, moving on and completing runs, in the transaction of
 * the engine commands they cause.
 */
package dev.asrun.monitor;
