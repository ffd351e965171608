import { useWizard } from '../store/wizard';
import { Connect } from './Connect';
import { Trust } from './Trust';

/** The setup wizard's current screen. */
export function Wizard() {
  const step = useWizard((state) => state.step);
  return step === 'connect' ? <Connect /> : <Trust />;
}
