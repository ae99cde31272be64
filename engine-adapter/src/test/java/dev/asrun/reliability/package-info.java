/**
 * Reliability tests of the as-run record: several engine nodes on one database, working the same
 * runs at once.
 */
package dev.asrun.reliability;
