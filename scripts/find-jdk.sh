# shellcheck shell=sh
# Finds a JDK whose feature version is at least 25 and prints its home folder.
# Sourced by ./sesame, ./mvnw and .ci/run; POSIX sh, so it works on Linux and macOS.
#
# Order: $JAVA_HOME, the `java` on PATH, then the usual install folders
# (Debian/Ubuntu/Fedora, macOS, Homebrew, SDKMAN, IntelliJ, /opt). Among the folders
# the newest JDK wins. Reads each JDK's `release` file, so no JVM is started.

SESAME_MIN_JAVA=25

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing.
sesame_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ -n "$v" ] && printf '%s\n' "$v"
}

sesame_find_jdk() (
  set +f # the callers may have disabled globbing; this runs in a subshell
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(sesame_jdk_version "$JAVA_HOME") && [ "$v" -ge "$SESAME_MIN_JAVA" ] && { printf '%s\n' "$JAVA_HOME"; return 0; }
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)")")
    v=$(sesame_jdk_version "$home") && [ "$v" -ge "$SESAME_MIN_JAVA" ] && { printf '%s\n' "$home"; return 0; }
  fi
  best="" best_v=0
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
      /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$home" ] || continue
    v=$(sesame_jdk_version "$home") || continue
    if [ "$v" -ge "$SESAME_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then best=$home best_v=$v; fi
  done
  if [ -n "$best" ]; then printf '%s\n' "$best"; return 0; fi
  cat >&2 <<MSG
sesame: no JDK $SESAME_MIN_JAVA or newer was found (looked at JAVA_HOME, PATH, /usr/lib/jvm,
/Library/Java/JavaVirtualMachines, Homebrew, SDKMAN and ~/.jdks).
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install temurin-25-jdk   (after adding the Adoptium apt repository)
  Fedora:         sudo dnf install java-25-openjdk-devel
  macOS:          brew install --cask temurin@25
  SDKMAN:         sdk install java 25-tem
  Any system:     https://adoptium.net/temurin/releases/?version=25
or set JAVA_HOME to a JDK 25 folder.
MSG
  return 1
)
