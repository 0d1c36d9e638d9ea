#ifndef TOLLGATE_CPCRE2_SHIM_H
#define TOLLGATE_CPCRE2_SHIM_H

// pcre2.h refuses to compile without a code unit width; Tollgate uses the 8-bit (UTF-8) library.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// Cast macros that Swift cannot import.
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }

#endif
