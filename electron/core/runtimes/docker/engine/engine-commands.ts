import type { EngineSpec } from '../../../../../shared/engine';

/**
 * The commands a person runs to read this engine's log and to start it, for messages that leave
 * the machine to them: commands and paths only, quoted as they are in any language.
 */
export function engineCommands(spec: EngineSpec): { log: string; start: string } {
  // verbatim: every value below is a command or a path
  switch (spec.kind) {
    case 'systemd':
      return { log: 'journalctl -u docker --since "10 min ago"', start: 'sudo systemctl start docker' };
    case 'sysv':
      return { log: '/var/log/docker.log', start: 'sudo service docker start' };
    case 'openrc':
      return { log: '/var/log/docker.log', start: 'sudo rc-service docker start' };
    case 'rootless':
      return { log: 'journalctl --user -u docker --since "10 min ago"', start: 'systemctl --user start docker' };
    case 'desktop':
      return { log: 'Docker Desktop > Troubleshoot', start: 'docker desktop start' }; // verbatim: Docker Desktop's own menu names
    default:
      // A hand-started dockerd logs where it was started; `--validate` names what it refuses in its file.
      return { log: 'sudo dockerd --validate', start: spec.pidfile ? `sudo dockerd --pidfile ${spec.pidfile}` : 'sudo dockerd' };
  }
}
