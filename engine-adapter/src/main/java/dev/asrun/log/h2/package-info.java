/**
 * H2's side of the log's protection: trigger classes the H2 migration installs to refuse changes.
 */
package dev.asrun.log.h2;
