/*
 * clock.h: the one clock of uvmcheck's tools (never of the model, which
 * has no time: core/ and the invariants run the same on every machine).
 *
 * clock_monotonic(): seconds from an arbitrary start, for durations (a
 * search's time, --time limits, progress lines).  clock_wall(): seconds
 * since the Epoch, for what is compared with file times or recorded in
 * the store (a campaign's start and end, a finding's first sight).
 */
#ifndef UVMCHECK_CLOCK_H
#define UVMCHECK_CLOCK_H

double clock_monotonic(void);
double clock_wall(void);

#endif
