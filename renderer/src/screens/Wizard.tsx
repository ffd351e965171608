import { useWizard } from '../store/wizard';
import { Connect } from './Connect';
import { Trust } from './Trust';
import { Welcome } from './Welcome';

/** The setup wizard's current screen. */
export function Wizard() {
  const step = useWizard((state) => state.step);
  return step === 'connect' ? (
    <>
      <Welcome />
      <Connect />
    </>
  ) : (
    <Trust />
  );
}
