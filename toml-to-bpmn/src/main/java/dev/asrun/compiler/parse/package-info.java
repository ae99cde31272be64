/** Reading TOML procedure files into the model, with every error of a file and of the catalog as a diagnostic. */
package dev.asrun.compiler.parse;
