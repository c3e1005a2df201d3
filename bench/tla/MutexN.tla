---------------------------- MODULE MutexN ----------------------------
(* The peers' mutexN model (shared/peers/mutexN.pml, mutexN.m) for TLC: N processes, pc[i] in
   0 = idle, 1 = waiting, 2 = critical, one shared lock, a counter cnt[i] in 0..K-1 bumped on exit.
   Each rule is one TLA+ step, so the distinct states are K^N * (2^N + N * 2^(N-1)), as for SPIN,
   Rumur and spec2ts. N and K come from the .cfg that bench/run.ts writes for each size. *)
EXTENDS Naturals

CONSTANTS N, K

VARIABLES pc, cnt, lock

vars == <<pc, cnt, lock>>

Procs == 0 .. N - 1

Init ==
  /\ pc = [i \in Procs |-> 0]
  /\ cnt = [i \in Procs |-> 0]
  /\ lock = FALSE

Request(i) ==
  /\ pc[i] = 0
  /\ pc' = [pc EXCEPT ![i] = 1]
  /\ UNCHANGED <<cnt, lock>>

Enter(i) ==
  /\ pc[i] = 1
  /\ ~lock
  /\ lock' = TRUE
  /\ pc' = [pc EXCEPT ![i] = 2]
  /\ UNCHANGED cnt

Exit(i) ==
  /\ pc[i] = 2
  /\ lock' = FALSE
  /\ pc' = [pc EXCEPT ![i] = 0]
  /\ cnt' = [cnt EXCEPT ![i] = (@ + 1) % K]

Next == \E i \in Procs : Request(i) \/ Enter(i) \/ Exit(i)

Spec == Init /\ [][Next]_vars

MutualExclusion == \A i, j \in Procs : i # j => ~(pc[i] = 2 /\ pc[j] = 2)
=============================================================================
