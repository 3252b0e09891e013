/**
 * The built-in apps ({@code wordcount}, {@code grep}, {@code indexer}, {@code sort}), written
 * against the public API only: each is also an example of a complete Gristmill job.
 */
package io.gristmill.apps;
