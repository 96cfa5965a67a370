#!/usr/bin/env bash
# Builds queue_VERSION_all.deb from the release archive, with Debian's own dpkg-deb: the package
# holds exactly the archive's programs, jars, man pages and completion, laid out the Debian way.
# Usage: build-deb.sh VERSION ARCHIVE.tar.gz OUTPUT_DIR OUTPUT_TIMESTAMP
#   /usr/share/queue/{bin,lib}/      the launchers and jars, as in the archive
#   /usr/bin/queue, queue-processor  symlinks to them (the launchers follow symlinks)
#   /usr/share/man/man1/*.1.gz, /usr/share/bash-completion/completions/*
#   /lib/systemd/system/queue-processor.service, /etc/queue/queue-processor.env (a conffile)
#   /usr/share/doc/queue/
# VERSION in Debian's form: 0.1.0-SNAPSHOT is 0.1.0~SNAPSHOT (sorts before 0.1.0).
set -euo pipefail
version="$1" archive="$2" out="$3" timestamp="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deb_version="${version//-/\~}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tar -xzf "$archive" -C "$work"
from="$work/queue-$version"
root="$work/root"
install -d -m 0755 "$root/usr/bin" "$root/usr/share/queue" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/lib/systemd/system" "$root/etc/queue" \
  "$root/usr/share/doc/queue" "$root/DEBIAN"
cp -a "$from/bin" "$from/lib" "$root/usr/share/queue/"
ln -s ../share/queue/bin/queue "$root/usr/bin/queue"
ln -s ../share/queue/bin/queue-processor "$root/usr/bin/queue-processor"
for page in "$from"/man/man1/*.1; do
  gzip -9n <"$page" >"$root/usr/share/man/man1/${page##*/}.gz"
done
install -m 0644 "$from"/completion/* "$root/usr/share/bash-completion/completions/"
install -m 0644 "$from/systemd/queue-processor.service" "$root/lib/systemd/system/"
install -m 0640 "$from/systemd/queue-processor.env" "$root/etc/queue/"
install -m 0644 "$from/README.md" "$root/usr/share/doc/queue/README.md"
gzip -9n <"$from/doc/README.md" >"$root/usr/share/doc/queue/queue.md.gz"
install -m 0644 "$here/copyright" "$root/usr/share/doc/queue/copyright"
chmod -R go-w "$root"

installed_size="$(du -sk --apparent-size "$root" | cut -f1)"
sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  "$here/control" >"$root/DEBIAN/control"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$root/DEBIAN/"
install -m 0644 "$here/conffiles" "$here/triggers" "$root/DEBIAN/"
(cd "$root" && find . \( -path ./DEBIAN -o -path ./etc \) -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

# Reproducible: every file's time is the build's output timestamp; owned by root.
export SOURCE_DATE_EPOCH="$(date -d "$timestamp" +%s)"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb="$out/queue_${deb_version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "built $deb"
