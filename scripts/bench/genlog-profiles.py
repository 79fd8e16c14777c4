#!/usr/bin/env python3
# Attribution: copied unchanged (below this note) from the ktriage workspace's shared material,
# `shared/tools/genlog-profiles.py` (sha256 765c7e1ae408f95d40557b614e5517c7559364c64860c6d6ff04f5e87c9bb5e4
# of the copied file), written for this project's benchmark (issue #14). Kept here so that
# `npm run bench -- --profiles` runs without `../shared`. Edit here, not there.
"""Deterministic generator of realistic system logs in several shapes, each with the same six
kernel incidents planted at fixed fractions of the file.

usage: genlog-profiles.py --profile NAME --mb N --out FILE [--seed S]
       genlog-profiles.py --list

Profiles:
  rhel-messages      /var/log/messages of a RHEL 9 database host (rsyslog, RFC 3164 stamps,
                     `Mon dd HH:MM:SS host prog[pid]: msg`), kernel lines WITHOUT [uptime]
  ubuntu-kernlog     /var/log/kern.log of an Ubuntu 22.04 web/docker host: every line is
                     `Mon dd HH:MM:SS host kernel: [ uptime] msg` (UFW, AppArmor, docker veths)
  journal-short-iso  `journalctl -o short-iso` of a RHEL 9 app host:
                     `2024-03-27T20:48:45+0800 host prog[pid]: msg`, mixed programs
  multi-host         rsyslog aggregate (RSYSLOG_FileFormat, RFC 3339 stamps with microseconds)
                     of 50 hosts interleaved: web (haproxy), db (postgres), k8s nodes (kubelet,
                     containerd), infra (named, dhcpd); Ubuntu hosts keep [uptime] in kernel lines
  console-dmesg      serial-console capture of a storage/compute server: bare `[ uptime] msg`,
                     network, storage, audit and systemd-via-kmsg chatter
  k8s-noisy          /var/log/messages of a Kubernetes control-plane node: kubelet (JSON
                     logging), containerd (JSON) and etcd (zap JSON, "ts":"...Z"), long lines
                     of 300-1000 bytes, plus systemd scope/mount chatter and kernel calico noise

Every profile plants, at 1/12, 3/12, ... 11/12 of the target size, these incidents (in this
order): soft lockup (x86_64 register dump + call trace), RCU stall (with NMI backtrace), hung
task, hard lockup, csd-lock wait (CONFIG_CSD_LOCK_WAIT_DEBUG), MCE (corrected memory error).
stdout: a JSON list of [line, kind, cpu], line = 1-based line of the incident's header, cpu
= the CPU the header names (the waiting CPU for csd, the stalled CPU for RCU; null for the
hung task). Output is deterministic for a given profile, size and seed. ASCII only.
"""
import argparse
import calendar
import json
import math
import random
import sys
import time
import zlib

FRACTIONS = [(2 * i + 1) / 12 for i in range(6)]
# The hosts' local wall clock starts at 2024-03-20 00:00:00 (+08:00); Clock.t holds local wall time
# read as if it were UTC (so time.gmtime() gives the local fields), Clock.epoch() the real epoch.
START = calendar.timegm((2024, 3, 20, 0, 0, 0))
ZONE = 8 * 3600     # hosts keep Asia/Shanghai (+08:00, no DST)
MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
HEX = '0123456789abcdef'


class Rng:
    """Small helpers around random.Random, kept cheap: these run millions of times."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.random = self.r.random
        self.bits = self.r.getrandbits

    def n(self, k):
        return int(self.random() * k)

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def hex(self, digits):
        return '%0*x' % (digits, self.bits(4 * digits))

    def ip(self, a=10):
        return '%d.%d.%d.%d' % (a, self.n(255), self.n(255), 1 + self.n(254))

    def uuid(self):
        h = self.hex(32)
        return '%s-%s-%s-%s-%s' % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def mac(self):
        return ':'.join(self.hex(2) for _ in range(6))

    def alnum(self, k):
        s = 'bcdfghjklmnpqrstvwxz2456789'
        return ''.join(s[self.n(27)] for _ in range(k))


class Clock:
    """The hosts' wall clock (local +08:00) and the incident host's uptime, advancing per line."""

    def __init__(self, boot_uptime):
        self.t = float(START)
        self.boot = self.t - boot_uptime
        self._sec = -1
        self._parts = None

    def advance(self, dt):
        self.t += dt

    def parts(self):
        sec = int(self.t)
        if sec != self._sec:
            self._sec = sec
            tm = time.gmtime(sec)
            self._parts = tm
        return self._parts

    def bsd(self):
        tm = self.parts()
        return '%s %2d %02d:%02d:%02d' % (MONTHS[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)

    def short_iso(self):
        tm = self.parts()
        return '%04d-%02d-%02dT%02d:%02d:%02d+0800' % (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)

    def rfc3339(self):
        tm = self.parts()
        return '%04d-%02d-%02dT%02d:%02d:%02d.%06d+08:00' % (
            tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int((self.t % 1) * 1e6))

    def utc_z(self, digits=3):
        tm = time.gmtime(int(self.t) - ZONE)
        frac = ('%.9f' % (self.t % 1))[2:2 + digits]
        return '%04d-%02d-%02dT%02d:%02d:%02d.%sZ' % (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac)

    def epoch(self):
        """The real UTC epoch (audit(…) stamps, kubelet "ts")."""
        return self.t - ZONE

    def uptime(self):
        u = self.t - self.boot
        return '[%5d.%06d]' % (int(u), int((u % 1) * 1e6))

    def klog(self):
        tm = time.gmtime(int(self.t) - ZONE)
        return 'I%02d%02d %02d:%02d:%02d.%06d' % (tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int((self.t % 1) * 1e6))


def weighted(pairs):
    """A flat table for weighted choice by one random index."""
    table = []
    for weight, fn in pairs:
        table.extend([fn] * weight)
    return table


# --------------------------------------------------------------------------------------------
# Message pools. Each function takes (g, c) = (Rng, Clock) and returns (tag, message); tag is
# `prog[pid]` or `kernel`. Texts follow what these programs really print.

USERS = ['oracle', 'ops', 'deploy', 'root', 'svc_backup', 'ansible']


def pool_rhel_userland(pids):
    def session(g, c):
        n = 10000 + g.n(90000)
        k = g.n(8)
        if k < 3:
            return 'systemd[1]', 'Started Session %d of user %s.' % (n, g.pick(USERS))
        if k < 5:
            return 'systemd[1]', 'session-%d.scope: Deactivated successfully.' % n
        if k == 5:
            return 'systemd[1]', 'session-%d.scope: Consumed %d.%03ds CPU time.' % (n, g.n(30), g.n(1000))
        if k == 6:
            u = 1000 + g.n(5)
            return 'systemd[1]', g.pick(['Created slice User Slice of UID %d.', 'Starting User Manager for UID %d...',
                                          'Started User Manager for UID %d.', 'Stopping User Manager for UID %d...',
                                          'user@%d.service: Deactivated successfully.', 'Removed slice User Slice of UID %d.']) % u
        return 'systemd[1]', g.pick(['Starting dnf makecache...', 'dnf-makecache.service: Deactivated successfully.',
                                     'Finished dnf makecache.', 'Starting system activity accounting tool...',
                                     'sysstat-collect.service: Deactivated successfully.', 'Finished system activity accounting tool.',
                                     'Starting Hostname Service...', 'Started Hostname Service.',
                                     'systemd-hostnamed.service: Deactivated successfully.',
                                     'Starting Cleanup of Temporary Directories...', 'Finished Cleanup of Temporary Directories.'])

    def logind(g, c):
        n = 10000 + g.n(90000)
        return 'systemd-logind[%d]' % pids['logind'], g.pick(['New session %d of user %s.' % (n, g.pick(USERS)),
                                                               'Session %d logged out. Waiting for processes to exit.' % n,
                                                               'Removed session %d.' % n])

    def sshd(g, c):
        pid = 100000 + g.n(800000)
        u = g.pick(USERS)
        k = g.n(6)
        if k == 0:
            return 'sshd[%d]' % pid, 'Accepted publickey for %s from %s port %d ssh2: RSA SHA256:%s' % (u, g.ip(), 1024 + g.n(64000), g.alnum(43))
        if k == 1:
            return 'sshd[%d]' % pid, 'pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)' % (u, 1000 + g.n(5))
        if k == 2:
            return 'sshd[%d]' % pid, 'Received disconnect from %s port %d:11: disconnected by user' % (g.ip(), 1024 + g.n(64000))
        if k == 3:
            return 'sshd[%d]' % pid, 'Disconnected from user %s %s port %d' % (u, g.ip(), 1024 + g.n(64000))
        if k == 4:
            return 'sshd[%d]' % pid, 'pam_unix(sshd:session): session closed for user %s' % u
        return 'sshd[%d]' % pid, 'Connection closed by authenticating user root %s port %d [preauth]' % (g.ip(), 1024 + g.n(64000))

    def cron(g, c):
        pid = 100000 + g.n(800000)
        return 'CROND[%d]' % pid, g.pick(['(root) CMD (/usr/lib64/sa/sa1 1 1)', '(root) CMD (run-parts /etc/cron.hourly)',
                                          '(oracle) CMD (/u01/app/scripts/check_listener.sh >/dev/null 2>&1)',
                                          '(root) CMD (/usr/local/bin/node_exporter_textfile.sh)',
                                          '(root) CMDEND (/usr/lib64/sa/sa1 1 1)'])

    def chrony(g, c):
        if g.random() < 0.7:
            return 'chronyd[%d]' % pids['chronyd'], 'Selected source %s (ntp%d.example.net)' % (g.ip(), g.n(4))
        return 'chronyd[%d]' % pids['chronyd'], 'Source %s replaced with %s (%d.rhel.pool.ntp.org)' % (g.ip(), g.ip(), g.n(4))

    def rsyslog(g, c):
        return 'rsyslogd[%d]' % pids['rsyslogd'], g.pick([
            'imjournal: journal files changed, reloading...  [v8.2102.0-117.el9 try https://www.rsyslog.com/e/0 ]',
            'imjournal: %d messages lost due to rate-limiting (20000 allowed within 600 seconds)' % (1 + g.n(5000))])

    def nm(g, c):
        return 'NetworkManager[%d]' % pids['nm'], g.pick([
            '<info>  [%.4f] dhcp4 (ens192): state changed new lease, address=%s' % (c.epoch(), g.ip()),
            '<info>  [%.4f] dhcp4 (ens192): activation: beginning transaction (timeout in 45 seconds)' % c.epoch(),
            '<info>  [%.4f] dhcp4 (ens192): option dhcp_lease_time      => \'%d\'' % (c.epoch(), 3600 * (1 + g.n(12))),
            '<info>  [%.4f] dhcp4 (ens192): option ip_address           => \'%s\'' % (c.epoch(), g.ip())])

    def dbus(g, c):
        if g.random() < 0.5:
            return 'dbus-broker-launch[%d]' % pids['dbus'], 'Activating via systemd: service name=\'org.freedesktop.hostname1\' unit=\'dbus-org.freedesktop.hostname1.service\' requested by \':1.%d\' (uid=0 pid=%d comm="/usr/bin/python3 -Es /usr/sbin/tuned -l -P")' % (g.n(90000), 1000 + g.n(5000))
        return 'dbus-broker-launch[%d]' % pids['dbus'], 'Successfully activated service \'org.freedesktop.hostname1\''

    def sudo(g, c):
        pid = 100000 + g.n(800000)
        u = g.pick(USERS)
        if g.random() < 0.6:
            return 'sudo[%d]' % pid, '%8s : TTY=pts/%d ; PWD=%s ; USER=root ; COMMAND=%s' % (
                u, g.n(6), '/root' if u == 'root' else '/home/' + u, g.pick(['/bin/systemctl status oracle-ohasd', '/usr/bin/journalctl -u crond', '/bin/df -h',
                                      '/usr/sbin/ss -tanp', '/usr/bin/dnf check-update']))
        return 'sudo[%d]' % pid, 'pam_unix(sudo:session): session %s for user root(uid=0) by %s(uid=%d)' % (g.pick(['opened', 'closed']), u, 1000 + g.n(5))

    def user_manager(g, c):
        pid = 100000 + g.n(800000)
        return 'systemd[%d]' % pid, g.pick(['Queued start job for default target Main User Target.',
                                            'Created slice User Application Slice.', 'Reached target Paths.', 'Reached target Timers.',
                                            'Starting D-Bus User Message Bus Socket...', 'Listening on D-Bus User Message Bus Socket.',
                                            'Reached target Sockets.', 'Reached target Basic System.', 'Reached target Main User Target.',
                                            'Startup finished in 92ms.', 'Stopped target Main User Target.', 'Closed D-Bus User Message Bus Socket.'])

    return [(16, session), (8, logind), (12, sshd), (7, cron), (2, chrony), (1, rsyslog), (3, nm), (3, dbus), (3, sudo), (6, user_manager)]


def pool_rhel_kernel():
    def martian(g, c):
        return 'kernel', 'IPv4: martian source %s from %s, on dev bond0' % (g.ip(), g.ip())

    def llheader(g, c):
        return 'kernel', 'll header: 00000000: ff ff ff ff ff ff %s 08 06' % ' '.join(g.hex(2) for _ in range(6))

    def syn(g, c):
        return 'kernel', 'TCP: request_sock_TCP: Possible SYN flooding on port %d. Sending cookies.  Check SNMP counters.' % g.pick([1521, 443, 8443, 5432])

    def nfs(g, c):
        return 'kernel', g.pick(['nfs: server nas01.example.net not responding, still trying', 'nfs: server nas01.example.net OK',
                                 'nfs: server nas02.example.net not responding, timed out'])

    def perf(g, c):
        return 'kernel', 'perf: interrupt took too long (%d > %d), lowering kernel.perf_event_max_sample_rate to %d' % (2500 + g.n(900), 2500, 60000 + g.n(19000))

    def link(g, c):
        return 'kernel', g.pick(['bond0: (slave ens3f1): link status definitely up, 25000 Mbps full duplex',
                                 'bond0: (slave ens3f1): link status definitely down, disabling slave',
                                 'ice 0000:31:00.1 ens3f1: NIC Link is Up 25 Gbps Full Duplex, Requested FEC: RS-FEC, Negotiated FEC: NONE, Autoneg Advertised: On, Autoneg Negotiated: False, Flow control: None',
                                 'ice 0000:31:00.1 ens3f1: NIC Link is Down'])

    def audit(g, c):
        return 'kernel', 'audit: type=%d audit(%.3f:%d): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=\'unit=%s comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success\'' % (
            g.pick([1130, 1131]), c.epoch(), 100000 + g.n(900000), g.pick(['sysstat-collect', 'dnf-makecache', 'systemd-hostnamed', 'user-runtime-dir@1001', 'user@1001']))

    def segv(g, c):
        return 'kernel', '%s[%d]: segfault at %x ip %s sp %s error 4 in %s[%s+%x]' % (
            g.pick(['python3', 'perl', 'java']), 2000 + g.n(900000), g.n(4096), g.hex(16), g.hex(16), g.pick(['libc.so.6', 'libpthread.so.0']), g.hex(12), 0x1000 + g.n(0x1b0000))

    return [(3, martian), (3, llheader), (2, syn), (2, nfs), (1, perf), (2, link), (3, audit), (1, segv)]


def pool_ubuntu_kernel():
    veths = []

    def ufw(g, c):
        proto = 'TCP' if g.random() < 0.8 else 'UDP'
        tail = ('SPT=%d DPT=%d WINDOW=%d RES=0x00 SYN URGP=0' % (1024 + g.n(64000), g.pick([22, 23, 445, 3389, 8080, 5900, 6379]), g.pick([1024, 65535, 29200]))
                if proto == 'TCP' else 'SPT=%d DPT=%d LEN=%d' % (1024 + g.n(64000), g.pick([53, 123, 161, 1900, 5060]), 8 + g.n(200)))
        return 'kernel', '[UFW BLOCK] IN=ens3 OUT= MAC=fa:16:3e:4c:9a:21:%s:08:00 SRC=%s DST=10.20.1.15 LEN=%d TOS=0x00 PREC=0x00 TTL=%d ID=%d %sPROTO=%s %s' % (
            g.mac(), g.ip(g.pick([45, 89, 103, 185, 193, 198])), 40 + g.n(40), 40 + g.n(210), g.n(65536), 'DF ' if g.random() < 0.3 else '', proto, tail)

    def apparmor(g, c):
        prof, comm, name = g.pick([('snap.lxd.daemon', 'lxd', '/proc/%d/cmdline'), ('/usr/sbin/cupsd', 'cupsd', '/etc/ssl/openssl.cnf'),
                                   ('snap.canonical-livepatch.canonical-livepatchd', 'canonical-livep', '/proc/%d/mountinfo'),
                                   ('docker-default', 'node', '/sys/fs/cgroup/memory.max')])
        if '%d' in name:
            name = name % (1 + g.n(99999))
        return 'kernel', 'audit: type=1400 audit(%.3f:%d): apparmor="DENIED" operation="open" class="file" profile="%s" name="%s" pid=%d comm="%s" requested_mask="r" denied_mask="r" fsuid=0 ouid=0' % (
            c.epoch(), 100 + g.n(900000), prof, name, 100 + g.n(900000), comm)

    def docker(g, c):
        if not veths or g.random() < 0.15:
            veths.append((g.hex(7), 1 + g.n(30)))
            if len(veths) > 40:
                veths.pop(0)
        v, port = g.pick(veths)
        return 'kernel', g.pick(['docker0: port %d(veth%s) entered blocking state' % (port, v),
                                 'docker0: port %d(veth%s) entered disabled state' % (port, v),
                                 'device veth%s entered promiscuous mode' % v,
                                 'eth0: renamed from veth%s' % g.hex(7),
                                 'IPv6: ADDRCONF(NETDEV_CHANGE): veth%s: link becomes ready' % v,
                                 'docker0: port %d(veth%s) entered forwarding state' % (port, v),
                                 'device veth%s left promiscuous mode' % v])

    def misc(g, c):
        return 'kernel', g.pick(['kauditd_printk_skb: %d callbacks suppressed' % (1 + g.n(40)),
                                 'net_ratelimit: %d callbacks suppressed' % (1 + g.n(400)),
                                 'nf_conntrack: nf_conntrack: table full, dropping packet',
                                 'loop%d: detected capacity change from 0 to %d' % (g.n(30), 8 + 8 * g.n(60000)),
                                 'EXT4-fs (loop%d): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.' % g.n(30),
                                 'TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.',
                                 'perf: interrupt took too long (%d > 2500), lowering kernel.perf_event_max_sample_rate to %d' % (2500 + g.n(900), 60000 + g.n(19000)),
                                 'overlayfs: fs on \'/var/lib/docker/overlay2/l/%s\' does not support file handles, falling back to xino=off.' % g.alnum(26)])

    return [(45, ufw), (18, apparmor), (27, docker), (10, misc)]


def pool_console():
    def net(g, c):
        return g.pick(['bnxt_en 0000:3b:00.0 eno1np0: NIC Link is Up, 25000 Mbps full duplex, Flow control: none',
                       'bnxt_en 0000:3b:00.0 eno1np0: FEC autoneg off encoding: None',
                       'bnxt_en 0000:3b:00.0 eno1np0: NIC Link is Down',
                       'bond0: (slave eno1np0): link status definitely down, disabling slave',
                       'bond0: (slave eno1np0): link status definitely up, 25000 Mbps full duplex',
                       'bond0: (slave eno2np1): making interface the new active one',
                       'IPv6: ADDRCONF(NETDEV_CHANGE): bond0: link becomes ready',
                       'mlx5_core 0000:af:00.1 ens6f1np1: Link up',
                       'mlx5_core 0000:af:00.1 ens6f1np1: Link down',
                       '8021q: adding VLAN 0 to HW filter on device bond0',
                       'IPv4: martian source %s from %s, on dev bond0.%d' % (g.ip(), g.ip(), 100 + g.n(50)),
                       'TCP: request_sock_TCP: Possible SYN flooding on port 2049. Sending cookies.  Check SNMP counters.'])

    def storage(g, c):
        sd = 'sd%s' % 'abcdefghijklmnop'[g.n(16)]
        h = '%d:0:%d:0' % (g.n(4), g.n(24))
        return g.pick(['sd %s: [%s] Attached SCSI disk' % (h, sd),
                       'sd %s: Power-on or device reset occurred' % h,
                       'sd %s: [%s] %d 512-byte logical blocks: (%d TB/%.2f TiB)' % (h, sd, 15628053168, 8, 7.28),
                       'scsi %s: Direct-Access     SEAGATE  ST8000NM017B     CSL7 PQ: 0 ANSI: 7' % h,
                       'XFS (dm-%d): Mounting V5 Filesystem' % g.n(12),
                       'XFS (dm-%d): Ending clean mount' % g.n(12),
                       'XFS (dm-%d): Unmounting Filesystem' % g.n(12),
                       'nvme nvme%d: I/O %d QID %d timeout, completion polled' % (g.n(4), g.n(1024), 1 + g.n(63)),
                       'megaraid_sas 0000:18:00.0: scanning for scsi0...',
                       'EXT4-fs (%s1): mounted filesystem with ordered data mode. Opts: (null)' % sd,
                       'dm-%d: detected capacity change from 0 to %d' % (g.n(12), 2097152 * (1 + g.n(64)))])

    def audit(g, c):
        k = g.n(3)
        if k < 2:
            return 'audit: type=%d audit(%.3f:%d): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=\'unit=%s comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success\'' % (
                g.pick([1130, 1131]), c.epoch(), 100000 + g.n(900000), g.pick(['sysstat-collect', 'user-runtime-dir@0', 'user@0', 'logrotate', 'dnf-makecache', 'session-%d' % g.n(9000)]))
        return 'audit: type=1105 audit(%.3f:%d): pid=%d uid=0 auid=0 ses=%d subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg=\'op=PAM:session_open grantors=pam_selinux,pam_loginuid,pam_selinux,pam_namespace,pam_keyinit,pam_keyinit,pam_limits,pam_systemd,pam_unix,pam_umask,pam_lastlog acct="root" exe="/usr/sbin/sshd" hostname=%s addr=%s terminal=ssh res=success\'' % (
            c.epoch(), 100000 + g.n(900000), 2000 + g.n(900000), g.n(9000), g.ip(), g.ip())

    def systemd(g, c):
        n = g.n(9000)
        return g.pick(['systemd[1]: Started Session %d of User root.' % n,
                       'systemd[1]: session-%d.scope: Deactivated successfully.' % n,
                       'systemd[1]: Starting system activity accounting tool...',
                       'systemd[1]: sysstat-collect.service: Deactivated successfully.',
                       'systemd[1]: Finished system activity accounting tool.',
                       'systemd-journald[%d]: Data hash table of /var/log/journal/%s/system.journal has a fill level at 75.0 (8535 of 11377 items, 6553600 file size, 767 bytes per hash table item), suggesting rotation.' % (812, 'c3f2a1b0d9e84f7a8b6c5d4e3f2a1b0c'),
                       'systemd-journald[812]: /var/log/journal/c3f2a1b0d9e84f7a8b6c5d4e3f2a1b0c/system.journal: Journal header limits reached or header out-of-date, rotating.',
                       'systemd-logind[1183]: New session %d of user root.' % n,
                       'systemd-logind[1183]: Removed session %d.' % n])

    def misc(g, c):
        return g.pick(['perf: interrupt took too long (%d > 2500), lowering kernel.perf_event_max_sample_rate to %d' % (2500 + g.n(900), 60000 + g.n(19000)),
                       'hrtimer: interrupt took %d ns' % (100000 + g.n(900000)),
                       'nfsd: last server has exited, flushing export cache',
                       'NFSD: Using nfsdcld client tracking operations.',
                       'ipmi_si IPI0001:00: IPMI message handler: BMC returned 0xd5, flag 0x0',
                       'device-mapper: multipath: 253:%d: Reinstating path 8:%d.' % (g.n(12), 16 * g.n(16)),
                       'sd 1:0:0:%d: alua: port group 01 state A non-preferred supports TOlUSNA' % g.n(8)])

    return [(30, net), (25, storage), (20, audit), (15, systemd), (10, misc)]


def pool_k8s():
    pods = [('payments', 'payments-api'), ('kube-system', 'coredns'), ('monitoring', 'prometheus-node-exporter'), ('batch', 'batch-worker'),
            ('ingress-nginx', 'ingress-nginx-controller'), ('default', 'search-indexer'), ('kube-system', 'calico-node'), ('logging', 'fluent-bit')]

    def pod(g):
        ns, name = g.pick(pods)
        return ns, '%s-%s-%s' % (name, g.alnum(9), g.alnum(5))

    def kubelet(g, c):
        ts = '%.4f' % (c.epoch() * 1000)
        ns, p = pod(g)
        uid = g.uuid()
        k = g.n(8)
        if k == 0:
            msg = '{"ts":%s,"caller":"kubelet/kubelet.go:2457","msg":"SyncLoop (PLEG): event for pod","v":2,"pod":{"name":"%s","namespace":"%s"},"event":{"ID":"%s","Type":"%s","Data":"%s"}}' % (
                ts, p, ns, uid, g.pick(['ContainerStarted', 'ContainerDied']), g.hex(64))
        elif k == 1:
            msg = '{"ts":%s,"caller":"prober/prober.go:107","msg":"Probe failed","probeType":"%s","pod":"%s/%s","podUID":"%s","containerName":"%s","probeResult":"failure","output":"Get \\"http://%s:%d/%s\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"}' % (
                ts, g.pick(['Readiness', 'Liveness']), ns, p, uid, g.pick(['api', 'server', 'worker']), g.ip(10), g.pick([8080, 9090, 10254]), g.pick(['healthz', 'readyz', 'metrics']))
        elif k == 2:
            msg = '{"ts":%s,"caller":"pod_workers.go:1298","msg":"Error syncing pod, skipping","err":"failed to \\"StartContainer\\" for \\"%s\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=%s pod=%s_%s(%s)\\"","pod":"%s/%s","podUID":"%s"}' % (
                ts, 'worker', 'worker', p, ns, uid, ns, p, uid)
        elif k == 3:
            vol = 'kube-api-access-%s' % g.alnum(5)
            msg = '{"ts":%s,"caller":"reconciler/reconciler_common.go:258","msg":"operationExecutor.VerifyControllerAttachedVolume started for volume \\"%s\\" (UniqueName: \\"kubernetes.io/projected/%s-%s\\") pod \\"%s\\" (UID: \\"%s\\") ","pod":"%s/%s"}' % (
                ts, vol, uid, vol, p, uid, ns, p)
        elif k == 4:
            msg = '{"ts":%s,"caller":"topologymanager/scope.go:117","msg":"RemoveContainer","containerID":"%s"}' % (ts, g.hex(64))
        elif k == 5:
            created = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(int(c.epoch()) - 4))
            msg = '{"ts":%s,"caller":"pod_startup_latency_tracker.go:102","msg":"Observed pod startup duration","pod":"%s/%s","podStartSLOduration":%.9f,"podStartE2EDuration":"%.9fs","podCreationTimestamp":"%s +0000 UTC","firstStartedPulling":"%s.%09d +0000 UTC","lastFinishedPulling":"%s.%09d +0000 UTC","observedRunningTime":"%s.%09d +0000 UTC","watchObservedRunningTime":"%s.%09d +0000 UTC"}' % (
                ts, ns, p, 1 + g.random() * 3, 3 + g.random() * 5, created, created, g.n(10 ** 9), created, g.n(10 ** 9), created, g.n(10 ** 9), created, g.n(10 ** 9))
        elif k == 6:
            vol = 'kube-api-access-%s' % g.alnum(5)
            msg = '{"ts":%s,"caller":"pod_workers.go:1298","msg":"Error syncing pod, skipping","err":"unmounted volumes=[%s data config], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition","pod":"%s/%s","podUID":"%s"}' % (
                ts, vol, ns, p, uid)
        else:
            msg = '{"ts":%s,"caller":"kuberuntime/kuberuntime_manager.go:1054","msg":"computePodActions got for pod","v":3,"podActions":{"KillPod":false,"CreateSandbox":false,"SandboxID":"%s","Attempt":0,"NextInitContainerToStart":null,"InitContainersToStart":null,"ContainersToStart":[0],"ContainersToKill":{},"EphemeralContainersToStart":null,"ContainersToUpdate":null,"UpdatePodResources":false},"pod":{"name":"%s","namespace":"%s"}}' % (
                ts, g.hex(64), p, ns)
        return 'kubelet[2231]', msg

    def containerd(g, c):
        t = c.utc_z(9)
        cid = g.hex(64)
        ns, p = pod(g)
        k = g.n(8)
        if k == 0:
            msg = '{"level":"info","msg":"StartContainer for \\"%s\\" returns successfully","time":"%s"}' % (cid, t)
        elif k == 1:
            msg = '{"id":"%s","level":"info","msg":"shim disconnected","namespace":"k8s.io","time":"%s"}' % (cid, t)
        elif k == 2:
            msg = '{"id":"%s","level":"warning","msg":"cleaning up after shim disconnected","namespace":"k8s.io","time":"%s"}' % (cid, t)
        elif k == 3:
            msg = '{"level":"info","msg":"RunPodSandbox for \\u0026PodSandboxMetadata{Name:%s,Uid:%s,Namespace:%s,Attempt:0,} returns sandbox id \\"%s\\"","time":"%s"}' % (p, g.uuid(), ns, cid, t)
        elif k == 4:
            msg = '{"error":"rpc error: code = NotFound desc = an error occurred when try to find container \\"%s\\": not found","level":"error","msg":"ContainerStatus for \\"%s\\" failed","time":"%s"}' % (cid, cid, t)
        elif k == 6:
            img = g.pick(['registry.example.net/payments/api', 'registry.example.net/batch/worker', 'quay.io/prometheus/node-exporter', 'registry.k8s.io/coredns/coredns'])
            msg = '{"level":"info","msg":"ImageCreate event \\u0026ImageCreate{Name:%s@sha256:%s,Labels:map[string]string{io.cri-containerd.image: managed,},XXX_unrecognized:[],}","time":"%s"}' % (img, g.hex(64), t)
        elif k == 7:
            img = g.pick(['registry.example.net/payments/api', 'registry.example.net/batch/worker', 'quay.io/prometheus/node-exporter'])
            msg = '{"level":"info","msg":"PullImage \\"%s:v1.%d.%d\\" returns image reference \\"sha256:%s\\"","time":"%s"}' % (img, g.n(40), g.n(20), g.hex(64), t)
        else:
            msg = '{"level":"info","msg":"CreateContainer within sandbox \\"%s\\" for \\u0026ContainerMetadata{Name:%s,Attempt:%d,} returns container id \\"%s\\"","time":"%s"}' % (g.hex(64), g.pick(['api', 'worker', 'sidecar']), g.n(40), cid, t)
        return 'containerd[1688]', msg

    def etcd(g, c):
        t = c.utc_z(3 + g.n(4))
        k = g.n(5)
        if k == 0:
            key = '/registry/%s/%s/' % (g.pick(['pods', 'leases', 'events', 'configmaps', 'secrets']), g.pick([n for n, _ in pods]))
            msg = '{"level":"warn","ts":"%s","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"%d.%06dms","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"%s\\" range_end:\\"%s0\\" ","response":"range_response_count:%d size:%d"}' % (
                t, 100 + g.n(900), g.n(10 ** 6), key, key[:-1], g.n(500), g.n(10 ** 6))
        elif k == 1:
            node = 'k8s-cp-%02d' % (1 + g.n(3))
            msg = '{"level":"warn","ts":"%s","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"%d.%06dms","expected-duration":"100ms","prefix":"","request":"header:\\u003cID:%d username:\\"kube-apiserver-etcd-client\\" auth_revision:1 \\u003e txn:\\u003ccompare:\\u003ctarget:MOD key:\\"/registry/leases/kube-node-lease/%s\\" mod_revision:%d \\u003e success:\\u003crequest_put:\\u003ckey:\\"/registry/leases/kube-node-lease/%s\\" value_size:%d \\u003e\\u003e failure:\\u003crequest_range:\\u003ckey:\\"/registry/leases/kube-node-lease/%s\\" \\u003e\\u003e \\u003e","response":"size:%d"}' % (
                t, 100 + g.n(900), g.n(10 ** 6), g.bits(63), node, g.bits(30), node, 500 + g.n(100), node, 10 + g.n(30))
        elif k == 2:
            msg = '{"level":"warn","ts":"%s","caller":"rafthttp/peer.go:267","msg":"dropped internal Raft message since sending buffer is full (overloaded network)","message-type":"MsgHeartbeat","local-member-id":"4a8c0468dc8e1b83","from":"4a8c0468dc8e1b83","remote-peer-id":"b9cd81a91c48f678","remote-peer-name":"pipeline","remote-peer-active":false}' % t
        elif k == 3:
            msg = '{"level":"info","ts":"%s","caller":"mvcc/kvstore_compaction.go:66","msg":"finished scheduled compaction","compact-revision":%d,"took":"%d.%06dms","hash":%d,"current-db-size-bytes":%d,"current-db-size":"%d MB","current-db-size-in-use-bytes":%d,"current-db-size-in-use":"%d MB"}' % (
                t, g.bits(30), g.n(900), g.n(10 ** 6), g.bits(32), g.bits(31), g.n(2048), g.bits(30), g.n(1024))
        else:
            msg = '{"level":"warn","ts":"%s","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"%d.%09ds","expected-duration":"1s"}' % (t, 1 + g.n(3), g.n(10 ** 9))
        return 'etcd[17285]', msg

    def systemd(g, c):
        cid = g.hex(64)
        k = g.n(4)
        if k == 0:
            return 'systemd[1]', 'Started libcontainer container %s.' % cid
        if k == 1:
            return 'systemd[1]', 'cri-containerd-%s.scope: Deactivated successfully.' % cid
        if k == 2:
            return 'systemd[1]', 'run-containerd-io.containerd.runtime.v2.task-k8s.io-%s-rootfs.mount: Deactivated successfully.' % cid
        return 'systemd[1]', 'var-lib-kubelet-pods-%s-volumes-kubernetes.io\\x7eprojected-kube\\x2dapi\\x2daccess\\x2d%s.mount: Deactivated successfully.' % (g.uuid().replace('-', '\\x2d'), g.alnum(5))

    def kernel(g, c):
        cali = 'cali%s' % g.hex(11)
        return 'kernel', g.pick(['IPv6: ADDRCONF(NETDEV_CHANGE): %s: link becomes ready' % cali,
                                 '%s: Caught tx_queue_len zero misconfig' % cali,
                                 'eth0: renamed from tmp%s' % g.hex(5),
                                 'IPVS: rr: TCP 10.96.0.10:53 - no destination available',
                                 'nf_conntrack: nf_conntrack: table full, dropping packet',
                                 'overlayfs: fs on \'/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/%d/fs\' does not support file handles, falling back to xino=off.' % g.n(90000)])

    return [(40, kubelet), (25, containerd), (20, etcd), (8, systemd), (5, kernel)]


# --------------------------------------------------------------------------------------------
# Incidents: kernel message texts (printk text, leading spaces and tabs as the kernel prints them).

def regs(g):
    q = lambda: g.hex(16)
    return ['RAX: %s RBX: %s RCX: %s' % (q(), q(), q()),
            'RDX: %s RSI: %s RDI: %s' % (q(), q(), q()),
            'RBP: %s R08: %s R09: %s' % (q(), q(), q()),
            'R10: %s R11: %s R12: %s' % (q(), q(), q()),
            'R13: %s R14: %s R15: %s' % (q(), q(), q()),
            'FS:  %s(0000) GS:ffff9b6e7f%s(0000) knlGS:0000000000000000' % (g.pick(['0000000000000000', '00007f5a3c7fe700']), g.hex(6)),
            'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
            'CR2: 00007f5a3c012000 CR3: 000000016a410003 CR4: 00000000007706e0',
            'PKRU: 55555554']


MODULES = ('Modules linked in: tcp_diag inet_diag nfsv3 nfs_acl rpcsec_gss_krb5 auth_rpcgss nfsv4 dns_resolver nfs lockd grace fscache netfs '
           'xt_conntrack nft_chain_nat xt_MASQUERADE nf_nat nf_conntrack_netlink nf_conntrack nf_defrag_ipv6 nf_defrag_ipv4 xt_addrtype '
           'nft_compat nf_tables nfnetlink br_netfilter bridge stp llc overlay intel_rapl_msr intel_rapl_common i10nm_edac nfit libnvdimm '
           'x86_pkg_temp_thermal intel_powerclamp coretemp kvm_intel kvm irqbypass rapl intel_cstate ipmi_ssif mei_me intel_uncore mei '
           'acpi_ipmi ipmi_si ipmi_devintf ipmi_msghandler acpi_power_meter xfs libcrc32c sd_mod sg ice mlx5_core ahci libahci '
           'megaraid_sas mlxfw crc32c_intel libata tls psample pci_hyperv_intf wmi dm_mirror dm_region_hash dm_log dm_mod')
HW = 'Hardware name: Dell Inc. PowerEdge R750/0PJ80M, BIOS 1.10.2 02/16/2023'
CODE = 'Code: 0f b6 c0 c1 e0 08 89 c2 8b 06 30 e4 09 d0 a9 00 01 ff ff 75 48 85 c0 74 0e 8b 06 84 c0 74 08 f3 90 8b 06 84 c0 75 f8 <b8> 01 00 00 00 66 89 06 5b 5d 41 5c 41 5d c3 cc cc cc cc'


def incident_lines(kind, g, release):
    cpuline = lambda cpu, pid, comm: 'CPU: %d PID: %d Comm: %s Kdump: loaded Not tainted %s #1' % (cpu, pid, comm, release)
    if kind == 'soft-lockup':
        cpu, pid, comm = 37, 482133, 'kworker/37:1'
        return cpu, ['watchdog: BUG: soft lockup - CPU#%d stuck for 26s! [%s:%d]' % (cpu, comm, pid), MODULES, cpuline(cpu, pid, comm).replace('Not tainted', 'Tainted: G             L    '),
                     HW, 'Workqueue: mm_percpu_wq vmstat_update', 'RIP: 0010:smp_call_function_many_cond+0x12e/0x540', CODE,
                     'RSP: 0018:ffffb0a6c7dffd10 EFLAGS: 00000202'] + regs(g) + [
            'Call Trace:', ' <IRQ>', ' ? watchdog_timer_fn+0x1b5/0x220', ' ? __pfx_watchdog_timer_fn+0x10/0x10', ' ? __hrtimer_run_queues+0x112/0x2b0',
            ' ? hrtimer_interrupt+0xfe/0x220', ' ? __sysvec_apic_timer_interrupt+0x5d/0x130', ' ? sysvec_apic_timer_interrupt+0x69/0x90', ' </IRQ>', ' <TASK>',
            ' ? asm_sysvec_apic_timer_interrupt+0x16/0x20', ' ? smp_call_function_many_cond+0x12e/0x540', ' ? __pfx_flush_tlb_func+0x10/0x10',
            ' on_each_cpu_cond_mask+0x24/0x40', ' flush_tlb_mm_range+0x1a8/0x1f0', ' change_protection+0x3a1/0x4a0', ' mprotect_fixup+0x1e1/0x2f0',
            ' do_mprotect_pkey+0x1c6/0x3a0', ' __x64_sys_mprotect+0x1b/0x30', ' do_syscall_64+0x59/0x90', ' entry_SYSCALL_64_after_hwframe+0x72/0xdc',
            'RIP: 0033:0x7f5a4b23fd4b', 'RSP: 002b:00007f5a3c7fd0c8 EFLAGS: 00000206 ORIG_RAX: 000000000000000a', ' </TASK>']
    if kind == 'rcu-stall':
        cpu, by, pid, comm = 21, 3, 88231, 'java'
        return cpu, ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
                     'rcu: \t%d-...!: (1 GPs behind) idle=4e7c/1/0x4000000000000000 softirq=2981127/2981128 fqs=6741' % cpu,
                     'rcu: \t(detected by %d, t=60002 jiffies, g=41229617, q=1877 ncpus=64)' % by,
                     'Sending NMI from CPU %d to CPUs %d:' % (by, cpu), 'NMI backtrace for cpu %d' % cpu, cpuline(cpu, pid, comm), HW,
                     'RIP: 0010:native_queued_spin_lock_slowpath+0x21e/0x2a0', CODE, 'RSP: 0018:ffffb0a6c8a4fcd8 EFLAGS: 00000002'] + regs(g) + [
            'Call Trace:', ' <NMI>', ' ? nmi_cpu_backtrace.cold+0x32/0x69', ' ? nmi_cpu_backtrace_handler+0xd/0x20', ' ? nmi_handle+0x5e/0x120',
            ' ? default_do_nmi+0x40/0x130', ' ? exc_nmi+0x100/0x130', ' ? end_repeat_nmi+0x16/0x67', ' ? native_queued_spin_lock_slowpath+0x21e/0x2a0', ' </NMI>',
            ' <TASK>', ' _raw_spin_lock+0x25/0x30', ' futex_wake+0x7c/0x190', ' do_futex+0x10b/0x1a0', ' __x64_sys_futex+0x73/0x1d0', ' do_syscall_64+0x59/0x90',
            ' entry_SYSCALL_64_after_hwframe+0x72/0xdc', ' </TASK>']
    if kind == 'hung-task':
        return None, ['INFO: task jbd2/dm-3-8:1187 blocked for more than 122 seconds.', '      Not tainted %s #1' % release,
                      '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
                      'task:jbd2/dm-3-8     state:D stack:0     pid:1187  ppid:2      flags:0x00004000', 'Call Trace:', ' <TASK>',
                      ' __schedule+0x20a/0x550', ' schedule+0x2d/0x70', ' io_schedule+0x42/0x70', ' bit_wait_io+0xd/0x60', ' __wait_on_bit+0x2a/0x90',
                      ' out_of_line_wait_on_bit+0x92/0xb0', ' jbd2_journal_commit_transaction+0x16ca/0x1890 [jbd2]', ' kjournald2+0xab/0x270 [jbd2]',
                      ' ? __pfx_autoremove_wake_function+0x10/0x10', ' ? __pfx_kjournald2+0x10/0x10 [jbd2]', ' kthread+0xe0/0x100',
                      ' ? __pfx_kthread+0x10/0x10', ' ret_from_fork+0x2c/0x50', ' </TASK>']
    if kind == 'hard-lockup':
        cpu = 14
        return cpu, ['NMI watchdog: Watchdog detected hard LOCKUP on cpu %d' % cpu, MODULES, cpuline(cpu, 0, 'swapper/%d' % cpu), HW,
                     'RIP: 0010:native_queued_spin_lock_slowpath+0x1f0/0x2a0', CODE, 'RSP: 0018:ffffb0a6c0d34e88 EFLAGS: 00000046'] + regs(g) + [
            'Call Trace:', ' <NMI>', ' ? watchdog_overflow_callback.cold+0x1e/0x70', ' ? __perf_event_overflow+0xe5/0x2a0', ' ? handle_pmi_common+0x1c1/0x3f0',
            ' ? intel_pmu_handle_irq+0x10b/0x230', ' ? perf_event_nmi_handler+0x28/0x50', ' ? nmi_handle+0x5e/0x120', ' ? default_do_nmi+0x40/0x130',
            ' ? exc_nmi+0x100/0x130', ' ? end_repeat_nmi+0x16/0x67', ' </NMI>', ' <IRQ>', ' _raw_spin_lock_irqsave+0x3d/0x50', ' lock_hrtimer_base+0x26/0x50',
            ' hrtimer_try_to_cancel+0x28/0x110', ' hrtimer_cancel+0x11/0x20', ' tick_nohz_idle_exit+0x5c/0xe0', ' </IRQ>', ' <TASK>',
            ' do_idle+0x1ff/0x280', ' cpu_startup_entry+0x19/0x20', ' start_secondary+0x111/0x140', ' secondary_startup_64_no_verify+0xe5/0xeb', ' </TASK>']
    if kind == 'csd-lock':
        cpu, target, pid, comm = 32, 7, 301822, 'postgres'
        return cpu, ['smp: csd: Detected non-responsive CSD lock (#1) on CPU#%d, waiting 5000000158 ns for CPU#%02d flush_tlb_func+0x0/0x1d0(0xffffb0a6c8f37e28).' % (cpu, target),
                     'smp: \tcsd: CSD lock (#1) unresponsive.', 'Sending NMI from CPU %d to CPUs %d:' % (cpu, target), 'NMI backtrace for cpu %d' % target,
                     cpuline(target, 0, 'swapper/%d' % target), HW, 'RIP: 0010:_raw_spin_lock_irqsave+0x3d/0x50', CODE,
                     'RSP: 0018:ffffb0a6c0384ea0 EFLAGS: 00000046'] + regs(g) + [
            'Call Trace:', ' <NMI>', ' ? nmi_cpu_backtrace.cold+0x32/0x69', ' ? nmi_handle+0x5e/0x120', ' ? exc_nmi+0x100/0x130', ' ? end_repeat_nmi+0x16/0x67',
            ' </NMI>', ' <TASK>', ' ? hrtimer_start_range_ns+0x12f/0x340', ' tick_nohz_restart_sched_tick+0x6b/0x90', ' do_idle+0x1ff/0x280',
            ' cpu_startup_entry+0x19/0x20', ' start_secondary+0x111/0x140', ' </TASK>',
            'smp: \tcsd: Re-sending CSD lock (#1) IPI from CPU#%02d to CPU#%02d' % (cpu, target), cpuline(cpu, pid, comm), HW, 'Call Trace:', ' <TASK>',
            ' dump_stack_lvl+0x34/0x48', ' __csd_lock_wait+0x1ad/0x1c0', ' smp_call_function_many_cond+0x12e/0x540', ' on_each_cpu_cond_mask+0x24/0x40',
            ' flush_tlb_mm_range+0x1a8/0x1f0', ' zap_pte_range+0x7a4/0x860', ' unmap_page_range+0x2c0/0x4a0', ' unmap_vmas+0x83/0x100', ' exit_mmap+0xa5/0x290',
            ' __mmput+0x44/0x120', ' do_exit+0x314/0xb20', ' do_group_exit+0x33/0xa0', ' __x64_sys_exit_group+0x14/0x20', ' do_syscall_64+0x59/0x90',
            ' entry_SYSCALL_64_after_hwframe+0x72/0xdc', ' </TASK>',
            'smp: csd: CSD lock (#1) got unstuck on CPU#%02d, CPU#%02d released the lock.' % (cpu, target)]
    if kind == 'mce':
        cpu = 22
        return cpu, ['mce: [Hardware Error]: CPU %d: Machine Check: 0 Bank 13: cc00008000010090' % cpu,
                     'mce: [Hardware Error]: TSC 0 ADDR 5ef8c4e000 MISC 200414a9c0088086 ',
                     'mce: [Hardware Error]: PROCESSOR 0:606a6 TIME 1711543725 SOCKET 1 APIC 2c microcode d0003b9',
                     'mce: [Hardware Error]: Machine check events logged',
                     'EDAC MC3: 1 CE memory read error on CPU_SrcID#1_MC#1_Chan#0_DIMM#0 (channel:0 slot:0 page:0x5ef8c4e offset:0x0 grain:32 syndrome:0x0 - err_code:0x0101:0x0090 SystemAddress:0x5ef8c4e000 ProcessorSocketId:0x1 MemoryControllerId:0x1 ChannelAddress:0x17be31380 ChannelId:0x0 RankAddress:0xbdf1880 PhysicalRankId:0x0 DimmSlotId:0x0 Row:0x5ef8 Column:0x1d0 Bank:0x2 BankGroup:0x1 ChipSelect:0x0 ChipId:0x0)']
    raise ValueError(kind)


KINDS = ['soft-lockup', 'rcu-stall', 'hung-task', 'hard-lockup', 'csd-lock', 'mce']


# --------------------------------------------------------------------------------------------
# Profiles: how a line is stamped and prefixed, which pools feed it, how fast its clock runs.

def rsyslog_msg(msg):
    """rsyslog's traditional templates: `%syslogtag%%msg:::sp-if-no-1st-sp%`, control characters escaped (#011 for a tab)."""
    msg = msg.replace('\t', '#011')
    return msg if msg.startswith(' ') else ' ' + msg


class Profile:
    rate = 0.1          # mean seconds between lines
    boot_uptime = 1_037_000.0
    release = '5.14.0-362.24.1.el9_3.x86_64'
    host = 'db-prod-07'

    def __init__(self, g, c):
        self.g, self.c = g, c
        self.table = weighted(self.pools())

    def noise(self):
        tag, msg = self.table[int(self.g.random() * len(self.table))](self.g, self.c)
        return self.line(self.host, tag, msg)

    def incident(self, msgs):
        out = []
        for m in msgs:
            out.append(self.line(self.host, 'kernel', m))
            self.c.advance(0.00003 + self.g.random() * 0.00004)  # printk lines tens of microseconds apart
        return out


class RhelMessages(Profile):
    rate = 0.08

    def pools(self):
        pids = {'logind': 1142, 'chronyd': 1087, 'rsyslogd': 1321, 'nm': 1203, 'dbus': 1019}
        return pool_rhel_userland(pids) + pool_rhel_kernel()

    def line(self, host, tag, msg):
        if tag == 'kernel':
            return '%s %s kernel:%s' % (self.c.bsd(), host, rsyslog_msg(msg))
        return '%s %s %s: %s' % (self.c.bsd(), host, tag, msg.replace('\t', '#011'))


class UbuntuKernlog(Profile):
    rate = 0.15
    release = '5.15.0-105-generic'
    host = 'web-ubuntu-03'

    def pools(self):
        return pool_ubuntu_kernel()

    def line(self, host, tag, msg):
        return '%s %s kernel: %s%s' % (self.c.bsd(), host, self.c.uptime(), rsyslog_msg(msg))

    def incident(self, msgs):
        # Ubuntu's version string differs from RHEL's; the printk text is the same.
        return super().incident([m.replace(' #1', ' #115-Ubuntu') for m in msgs])


class JournalShortIso(RhelMessages):
    host = 'app-rhel9-12'

    def line(self, host, tag, msg):
        return '%s %s %s: %s' % (self.c.short_iso(), host, tag, msg)


class MultiHost(Profile):
    """RSYSLOG_FileFormat on a central log host; hosts send in short bursts, interleaved."""
    rate = 0.01
    host = 'k8s-node-23'

    def __init__(self, g, c):
        super().__init__(g, c)
        hosts = ['web-%02d' % i for i in range(1, 16)] + ['db-%02d' % i for i in range(1, 9)] + \
                ['k8s-node-%02d' % i for i in range(1, 24)] + ['ns-01', 'ns-02', 'dhcp-01', 'ldap-01']
        assert len(hosts) == 50
        self.hosts = hosts
        # Ubuntu k8s nodes keep printk stamps in forwarded kernel lines; RHEL web/db/infra hosts do not.
        self.ubuntu = {h for h in hosts if h.startswith('k8s-node-') and int(h[-2:]) % 3 == 0}
        pids = {'logind': 1142, 'chronyd': 1087, 'rsyslogd': 1321, 'nm': 1203, 'dbus': 1019}
        self.tables = {
            'web': weighted(pool_rhel_userland(pids) + pool_rhel_kernel() + [(60, self.haproxy)]),
            'db': weighted(pool_rhel_userland(pids) + pool_rhel_kernel() + [(40, self.postgres)]),
            # etcd runs on the control plane only, not on these workers.
            'k8s': weighted([(w, f) for w, f in pool_k8s() if f.__name__ != 'etcd'] + pool_rhel_userland(pids)[:3]),
            'infra': weighted(pool_rhel_userland(pids) + pool_rhel_kernel() + [(40, self.named), (20, self.dhcpd)]),
        }
        self.boots = {h: 86400.0 * (3 + (zlib.crc32(h.encode()) % 90)) for h in hosts}
        self.current = hosts[0]
        self.left = 0

    def pools(self):
        return []

    def haproxy(self, g, c):
        return 'haproxy[%d]' % 2211, '%s:%d [%s] https-in~ be_app/app-%02d %d/0/%d/%d/%d %d %d - - ---- %d/%d/%d/%d/0 0/0 "%s %s HTTP/1.1"' % (
            g.ip(), 1024 + g.n(64000), time.strftime('%d/%b/%Y:%H:%M:%S', time.gmtime(int(c.t))) + '.%03d' % g.n(1000), 1 + g.n(12), g.n(5), g.n(3), g.n(300), g.n(400),
            g.pick([200, 200, 200, 204, 301, 304, 404, 502]), g.n(60000), 500 + g.n(900), 500 + g.n(900), g.n(90), g.n(5),
            g.pick(['GET', 'GET', 'POST', 'PUT']), g.pick(['/api/v1/items?page=%d' % g.n(50), '/api/v1/cart', '/static/js/app.%s.js' % g.hex(8), '/healthz', '/login']))

    def postgres(self, g, c):
        pid = 10000 + g.n(90000)
        tm = time.gmtime(int(c.t))
        stamp = time.strftime('%Y-%m-%d %H:%M:%S', tm) + '.%03d CST' % g.n(1000)
        k = g.n(4)
        if k == 0:
            return 'postgres[%d]' % pid, '[%d-1] %s [%d] LOG:  duration: %d.%03d ms  statement: SELECT o.id, o.total FROM orders o WHERE o.customer_id = %d ORDER BY o.created_at DESC LIMIT 50' % (
                g.n(9), stamp, pid, 1000 + g.n(9000), g.n(1000), g.n(10 ** 6))
        if k == 1:
            return 'postgres[%d]' % pid, '[%d-1] %s [%d] LOG:  checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%.3f s, sync=%.3f s, total=%.3f s' % (
                g.n(9), stamp, pid, g.n(20000), g.random() * 10, g.n(8), g.random() * 200, g.random(), g.random() * 200)
        if k == 2:
            return 'postgres[%d]' % pid, '[%d-1] %s [%d] LOG:  connection authorized: user=app database=orders application_name=PostgreSQL JDBC Driver' % (g.n(9), stamp, pid)
        return 'postgres[%d]' % pid, '[%d-1] %s [%d] LOG:  disconnection: session time: 0:%02d:%02d.%03d user=app database=orders host=%s port=%d' % (
            g.n(9), stamp, pid, g.n(60), g.n(60), g.n(1000), g.ip(), 1024 + g.n(64000))

    def named(self, g, c):
        return 'named[%d]' % 901, 'client @0x7f%s %s#%d (%s): query: %s IN %s + (%s)' % (
            g.hex(10), g.ip(), 1024 + g.n(64000), g.pick(['api.example.net', 'db-01.example.net', 'registry.example.net']),
            g.pick(['api.example.net', 'db-01.example.net', 'registry.example.net']), g.pick(['A', 'AAAA', 'SRV']), g.ip())

    def dhcpd(self, g, c):
        return 'dhcpd[%d]' % 1177, g.pick(['DHCPREQUEST for %s from %s via ens3' % (g.ip(), g.mac()), 'DHCPACK on %s to %s via ens3' % (g.ip(), g.mac())])

    def kind(self, host):
        return 'web' if host.startswith('web') else 'db' if host.startswith('db') else 'k8s' if host.startswith('k8s') else 'infra'

    def line(self, host, tag, msg):
        if tag == 'kernel':
            up = ''
            if host in self.ubuntu:
                u = self.c.t - START + self.boots[host]
                up = ' [%5d.%06d]' % (int(u), int((u % 1) * 1e6))
            return '%s %s kernel:%s%s' % (self.c.rfc3339(), host, up, rsyslog_msg(msg))
        return '%s %s %s: %s' % (self.c.rfc3339(), host, tag, msg.replace('\t', '#011'))

    def noise(self, exclude=None):
        g = self.g
        if self.left <= 0 or self.current == exclude:
            while True:
                self.current = self.hosts[int(g.random() * 50)]
                if self.current != exclude:
                    break
            self.left = 1 + int(-2.0 * math.log(1.0 - g.random()))  # bursts of ~1-5 lines
        self.left -= 1
        table = self.tables[self.kind(self.current)]
        tag, msg = table[int(g.random() * len(table))](g, self.c)
        return self.line(self.current, tag, msg)

    def incident(self, msgs):
        out = []
        for m in msgs:
            out.append(self.line(self.host, 'kernel', m))
            self.c.advance(0.00003 + self.g.random() * 0.00004)
            # Other hosts' lines arrive in the middle of a report now and then.
            if self.g.random() < 0.15:
                out.append(self.noise(exclude=self.host))
                self.left = 0
        return out


class ConsoleDmesg(Profile):
    rate = 0.3
    host = 'console'

    def pools(self):
        return [(w, (lambda f: lambda g, c: ('kernel', f(g, c)))(f)) for w, f in pool_console()]

    def line(self, host, tag, msg):
        return '%s %s' % (self.c.uptime(), msg)


class K8sNoisy(Profile):
    rate = 0.05
    host = 'k8s-cp-02'

    def pools(self):
        return pool_k8s() + [(2, f) for _, f in pool_rhel_userland({'logind': 1142, 'chronyd': 1087, 'rsyslogd': 1321, 'nm': 1203, 'dbus': 1019})[:3]]

    line = RhelMessages.line


PROFILES = {
    'rhel-messages': RhelMessages,
    'ubuntu-kernlog': UbuntuKernlog,
    'journal-short-iso': JournalShortIso,
    'multi-host': MultiHost,
    'console-dmesg': ConsoleDmesg,
    'k8s-noisy': K8sNoisy,
}


def generate(profile, mb, out, seed):
    g = Rng(zlib.crc32(profile.encode()) ^ seed)
    cls = PROFILES[profile]
    c = Clock(cls.boot_uptime)
    p = cls(g, c)
    target = int(mb * 2 ** 20)
    marks = [int(f * target) for f in FRACTIONS]
    planted = []
    written = 0
    lines = 0
    buf = []
    buffered = 0
    rate2 = 2 * cls.rate
    with open(out, 'w', encoding='ascii', newline='\n') as f:
        nxt = 0
        while written < target:
            if nxt < len(KINDS) and written >= marks[nxt]:
                kind = KINDS[nxt]
                cpu, msgs = incident_lines(kind, g, cls.release)
                block = p.incident(msgs)
                planted.append([lines + 1, kind, cpu])
                for line in block:
                    line += '\n'
                    buf.append(line)
                    buffered += len(line)
                c.advance(0.004)
                lines += len(block)
                written += sum(len(l) + 1 for l in block)
                nxt += 1
                continue
            c.advance(g.random() * rate2)
            line = p.noise() + '\n'
            buf.append(line)
            n = len(line)
            buffered += n
            written += n
            lines += 1
            if buffered >= 1 << 20:
                f.write(''.join(buf))
                buf = []
                buffered = 0
        f.write(''.join(buf))
    return planted, lines, written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--profile', choices=sorted(PROFILES))
    ap.add_argument('--mb', type=float)
    ap.add_argument('--out')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--list', action='store_true', help='list the profiles and exit')
    a = ap.parse_args()
    if a.list:
        print('\n'.join(PROFILES))
        return
    if not (a.profile and a.mb and a.out):
        ap.error('--profile, --mb and --out are required')
    planted, lines, written = generate(a.profile, a.mb, a.out, a.seed)
    json.dump(planted, sys.stdout)
    sys.stdout.write('\n')
    sys.stderr.write('%s: %d lines, %d bytes, %d incidents\n' % (a.out, lines, written, len(planted)))


if __name__ == '__main__':
    main()
