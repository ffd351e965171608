import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../store/navigation';
import { useWizard, WIZARD_STEPS, type WizardStep } from '../store/wizard';
import { Apply } from './Apply';
import { Connect } from './Connect';
import { Done } from './Done';
import { Mirrors } from './Mirrors';
import { Review } from './Review';
import { SignIn } from './SignIn';
import { Trust } from './Trust';
import { Welcome } from './Welcome';
import '../wizard/wizard.css';

/**
 * The setup wizard: where the user is among the steps, and the current screen. Welcome (with
 * About) opens the first screen only: once the user has moved on, Connect comes back without it.
 */
export function Wizard() {
  const { t } = useTranslation();
  const step = useWizard((state) => state.step);
  // A profile of plain-HTTP registries only has no certificate to show: Trust is skipped, not done.
  const trustSkipped = useWizard((state) => state.inspection.status !== 'ready');
  const pastWelcome = useNavigation((state) => state.pastWelcome);
  const leaveWelcome = useNavigation((state) => state.leaveWelcome);
  useEffect(() => {
    if (step !== 'connect') leaveWelcome();
  }, [step, leaveWelcome]);
  const current = WIZARD_STEPS.indexOf(step);
  const stateOf = (name: WizardStep, index: number): 'past' | 'current' | 'skipped' | undefined =>
    index === current ? 'current' : index > current ? undefined : name === 'trust' && trustSkipped ? 'skipped' : 'past';
  return (
    <>
      <nav aria-label={t('wizard.stepsLabel')}>
        <ol className="stepper">
          {WIZARD_STEPS.map((name, index) => (
            <li key={name} data-testid={`stepper-${name}`} aria-current={index === current ? 'step' : undefined} className={stateOf(name, index)}>
              {t(`wizard.steps.${name}`)}
              {stateOf(name, index) === 'skipped' && <span className="hint">{t('wizard.skipped')}</span>}
            </li>
          ))}
        </ol>
      </nav>
      {step === 'connect' && (
        <>
          {!pastWelcome && <Welcome />}
          <Connect />
        </>
      )}
      {step === 'trust' && <Trust />}
      {step === 'signIn' && <SignIn />}
      {step === 'mirrors' && <Mirrors />}
      {step === 'review' && <Review />}
      {step === 'apply' && <Apply />}
      {step === 'done' && <Done />}
    </>
  );
}
