/**
 * Electronic signatures of ended runs (21 CFR Part 11): the signer's re-entered password checked by
 * Camunda's identity service, the procedure's signature policy enforced, and each signature (or
 * refusal) appended to the run's stream, bound to its record by the hash of its streams' heads.
 */
package dev.asrun.signature;
