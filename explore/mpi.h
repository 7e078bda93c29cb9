/*
 * mpi.h: the search partitioned by state hash over MPI ranks (mpi.c).
 */
#ifndef UVMCHECK_MPI_H
#define UVMCHECK_MPI_H

#include <stdbool.h>

#include "explore/dfs.h"

/* was this uvmcheck built with MPI (meson option mpi)? */
bool explore_mpi_available(void);

/*
 * MPI_Init, before the search, so that a command knows its rank early
 * (a rank other than 0 stays silent).  0 and *rank, or -1 (-2 without
 * MPI).
 */
int explore_mpi_init(int *rank);

/*
 * Run the search as one rank of MPI_COMM_WORLD: MPI_Init (unless the
 * caller did), the search, MPI_Finalize; so once per process.  Every
 * rank gets the whole search's figures and verdict; res->rank says
 * which rank this is (rank 0 reports).  Returns 0, -1 out of memory, -2
 * when built without MPI.
 */
int explore_mpi(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res);

#endif
