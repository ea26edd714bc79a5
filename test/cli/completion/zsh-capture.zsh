#!/usr/bin/env zsh
# Prints what zsh's completion system offers for a command line: `zsh capture.zsh FPATH_DIR 'bgdb sw'`.
# An interactive zsh in a pseudo-terminal (zpty) runs compinit with FPATH_DIR first in $fpath; compadd is wrapped to
# print each match it is given, and the line is completed with a TAB. Return is unbound: nothing is ever run.
zmodload zsh/zpty || exit 3
setup=$(mktemp)
cat > $setup <<SETUP
fpath=(${(q)1} \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
bindkey '^I' complete-word
bindkey '^M' undefined
bindkey '^J' undefined
compadd() {
  local -a __hits
  builtin compadd -A __hits "\$@"
  (( \$#__hits )) && print -rl -- "<match>"\${^__hits}
  builtin compadd "\$@"
}
bgdb_begin() { print -r -- "<begin>" }
bgdb_end() { print -r -- "<end>"; exit }
compprefuncs=(bgdb_begin)
comppostfuncs=(bgdb_end)
print -r -- "<ready>"
SETUP
zpty bgdb_z zsh -f -i
zpty -w bgdb_z "source ${(q)setup}"
local line
repeat 20; do
  zpty -r bgdb_z line || break
  [[ $line == '<ready>'* ]] && break
done
rm -f $setup
zpty -n -w bgdb_z "$2"$'\t'
integer seen=0
while zpty -r bgdb_z; do :; done | while IFS= read -r line; do
  [[ $line == *'<end>'* ]] && break
  [[ $line == *'<begin>'* ]] && seen=1
  (( seen )) && [[ $line == *'<match>'* ]] && print -r -- "${${line##*<match>}%$'\r'}"
done
zpty -d bgdb_z
