#ifndef QUNJI_CLIBPQ_SHIM_H
#define QUNJI_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
