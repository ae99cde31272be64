/**
 * The security suite: each point of the threat model in {@code docs/security.md} tried over real
 * HTTP as an outsider would, refused or scoped, with the record and the engine unchanged.
 */
package dev.asrun.examples.security;
