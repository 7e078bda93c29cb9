/*
 * clock.c: the monotonic and the wall clock as seconds (clock.h).
 */
#include "explore/clock.h"

#include <time.h>

static double
seconds(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double
clock_monotonic(void)
{
	return seconds(CLOCK_MONOTONIC);
}

double
clock_wall(void)
{
	return seconds(CLOCK_REALTIME);
}
