import { useTranslation } from 'react-i18next';
import { useWizard, WIZARD_STEPS } from '../store/wizard';
import { Apply } from './Apply';
import { Connect } from './Connect';
import { Done } from './Done';
import { Mirrors } from './Mirrors';
import { Review } from './Review';
import { SignIn } from './SignIn';
import { Trust } from './Trust';
import { Welcome } from './Welcome';
import '../wizard/wizard.css';

/** The setup wizard: where the user is among the steps, and the current screen. */
export function Wizard() {
  const { t } = useTranslation();
  const step = useWizard((state) => state.step);
  const current = WIZARD_STEPS.indexOf(step);
  return (
    <>
      <nav aria-label={t('wizard.stepsLabel')}>
        <ol className="stepper">
          {WIZARD_STEPS.map((name, index) => (
            <li key={name} aria-current={index === current ? 'step' : undefined} className={index < current ? 'past' : index === current ? 'current' : undefined}>
              {t(`wizard.steps.${name}`)}
            </li>
          ))}
        </ol>
      </nav>
      {step === 'connect' && (
        <>
          <Welcome />
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
