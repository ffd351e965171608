import type { EngineSpec } from '../../../shared/engine';

/** The commands a person runs to read this engine's log and to start it, for messages that leave the machine to them. */
export function engineCommands(spec: EngineSpec): { log: string; start: string } {
  switch (spec.kind) {
    case 'systemd':
      return { log: 'journalctl -u docker --since "10 min ago"', start: 'sudo systemctl start docker' };
    case 'sysv':
      return { log: 'the file /etc/default/docker logs to (often /var/log/docker.log)', start: 'sudo service docker start' };
    case 'openrc':
      return { log: '/var/log/docker.log', start: 'sudo rc-service docker start' };
    case 'rootless':
      return { log: 'journalctl --user -u docker --since "10 min ago"', start: 'systemctl --user start docker' };
    case 'desktop':
      return { log: "Docker Desktop's Troubleshoot page", start: 'docker desktop start' };
    default:
      return { log: "dockerd's own output (where it was started)", start: `dockerd started again as before (its pidfile ${spec.pidfile ?? ''})`.replace(' ()', '') };
  }
}
