#!/bin/bash
# README "The learned lexicon, stored". OLD: a binary that learns every call; NEW: this one.
# OLD_DB: a memory for OLD (schema 13 is fine), NEW_DB: a copy for NEW; QFILE: one query a line.
# cold one-shot suggest of no-match queries that need fragment translation
# usage: OLD=… scripts/cold_lexicon.sh NAME OLD_DB NEW_DB QFILE ROUNDS OLD_EVERY
O=${OLD:?OLD=old tarjama binary}; N=${NEW:-target/release/tarjama}
name=$1; odb=$2; ndb=$3; qf=$4; rounds=$5; oldevery=$6
mapfile -t Q < $qf
nq=${#Q[@]}
out=${TMPDIR:-/tmp}/cold_lexicon_cold_$name.tsv
echo -e "run\tbin\tq\twall\tcpu\tsame" > $out
uptime
q=${Q[0]}
/usr/bin/time -f "%e\t%U\t%S" -o ${TMPDIR:-/tmp}/cold_lexicon_t $N --tm $ndb suggest --from ar --to en --json "$q" > ${TMPDIR:-/tmp}/cold_lexicon_c_new.json
echo -e "first\tnew\t0\t$(awk -F'\t' '{print $1"\t"$2+$3}' ${TMPDIR:-/tmp}/cold_lexicon_t)\t-" >> $out
for ((r=0; r<rounds; r++)); do
  i=$((r % nq)); q=${Q[$i]}
  if (( r % oldevery == 0 )); then
    /usr/bin/time -f "%e\t%U\t%S" -o ${TMPDIR:-/tmp}/cold_lexicon_t $O --tm $odb suggest --from ar --to en --json "$q" > ${TMPDIR:-/tmp}/cold_lexicon_c_old.json
    echo -e "$r\told\t$i\t$(awk -F'\t' '{print $1"\t"$2+$3}' ${TMPDIR:-/tmp}/cold_lexicon_t)\t-" >> $out
  fi
  /usr/bin/time -f "%e\t%U\t%S" -o ${TMPDIR:-/tmp}/cold_lexicon_t $N --tm $ndb suggest --from ar --to en --json "$q" > ${TMPDIR:-/tmp}/cold_lexicon_c_new.json
  same=-
  if (( r % oldevery == 0 )); then cmp -s ${TMPDIR:-/tmp}/cold_lexicon_c_old.json ${TMPDIR:-/tmp}/cold_lexicon_c_new.json && same=yes || same=NO; fi
  echo -e "$r\tnew\t$i\t$(awk -F'\t' '{print $1"\t"$2+$3}' ${TMPDIR:-/tmp}/cold_lexicon_t)\t$same" >> $out
done
uptime
