/* specs/examples/mutex.tspec in Promela, for bench/cold-start.ts: N workers take one mutex `m` around
   a critical section; the invariant is mutual exclusion (in_cs <= 1). Each labelled step of the spec
   (Enter: acquire m; in_cs++ / Leave: in_cs--; release m) is one d_step, so one Promela step is one
   spec step. m holds the owner (0: free), as a spec2ts mutex does. A worker that is done blocks at a
   valid end state instead of terminating: a Promela process that dies leaves the state vector, which
   would add states the spec does not have. Distinct states: 8 for N=2 and 20 for N=3, as spec2ts
   reports, plus the one pre-init state SPIN counts.
   spin -DN=3 -a mutex.pml && gcc -O2 -DSAFETY -DNOREDUCE -w -o pan pan.c && ./pan */
#ifndef N
#define N 2
#endif
byte m;
byte in_cs;

proctype Worker(byte self) {
  d_step { m == 0 -> m = self; in_cs++ };
  d_step { in_cs--; m = 0 };
end:
  false
}

ltl MutualExclusion { [] (in_cs <= 1) }

init {
  byte i;
  atomic { i = 1; do :: i <= N -> run Worker(i); i++ :: else -> break od }
}
