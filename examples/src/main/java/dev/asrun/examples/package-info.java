/** A runnable Camunda 7 application that compiles and deploys a catalog of TOML procedures. */
package dev.asrun.examples;
