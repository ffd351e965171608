import { useTranslation } from 'react-i18next';
import type { TrustProblem } from '../../../shared/trust';

/** Everything Docker would object to: the explanation, Docker's own error text quoted as it prints it (in every language: users search for it), and the fix. */
export function ProblemList({ problems }: { problems: readonly TrustProblem[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="problems-heading">
      <h3 id="problems-heading">{t('trust.problemsHeading')}</h3>
      {problems.length === 0 ? (
        <p>{t('trust.noProblems')}</p>
      ) : (
        <ul className="problems">
          {problems.map((problem) => (
            <li key={`${problem.code}-${problem.certificate ?? 'chain'}`}>
              <p>
                <code className="badge warn">{problem.code}</code> {t(problem.explanation.code, problem.explanation.params)}
              </p>
              {problem.dockerError !== null && (
                <p>
                  <span className="label">{t('trust.dockerSays')}</span>
                  <code className="mono inline">{problem.dockerError}</code>
                </p>
              )}
              <p>
                <span className="label">{t('trust.fix')}</span>
                {t(problem.fix.code, problem.fix.params)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
