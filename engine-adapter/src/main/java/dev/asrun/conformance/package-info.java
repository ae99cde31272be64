/**
 * Deviations as conformance checking: a run's trace optimally aligned against the template read
 * from its deployed BPMN, the moves explained in the seed's words and recorded as {@code
 * deviation_detected} events (see {@code docs/deviations.md}).
 */
package dev.asrun.conformance;
