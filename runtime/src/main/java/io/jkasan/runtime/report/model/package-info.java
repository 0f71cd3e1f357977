/**
 * The typed report model: what a report says, gathered on the faulting thread by the report layer and
 * rendered by {@code report.text} and {@code report.json}. Nothing here reads live state or formats text
 * beyond the address notation both renderers share (the split of ASan's {@code asan_descriptions.cpp}, which
 * describes addresses, from {@code asan_errors.cpp}, which prints errors).
 */
package io.jkasan.runtime.report.model;
