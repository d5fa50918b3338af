#ifndef JOBHASH_TEST_SUPPORT_H
#define JOBHASH_TEST_SUPPORT_H

/* What every unit test includes: cmocka and its prerequisites. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#endif
