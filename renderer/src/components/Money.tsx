import { formatMoney, isNegative } from '../format';
import { useI18n } from '../i18n';

interface MoneyProps {
  /** Exact decimal text from the contract; null or undefined for a side that has no figure. */
  value: string | null | undefined;
  currency?: string | null;
  /** Show the currency code after the figure (cards); tables name it in the column header. */
  showCurrency?: boolean;
  testId?: string;
  className?: string;
}

/**
 * A ledger amount: 2 decimals with the locale's separators and tabular digits; the exact figure
 * the contract gave (8 decimals for bill lines) on hover; "—" when there is no figure.
 */
export function Money({ value, currency, showCurrency, testId, className }: MoneyProps) {
  const { lang, n } = useI18n();
  const classes = ['money', 'num', className ?? '', value && isNegative(value) ? 'negative' : ''].filter(Boolean).join(' ');
  if (value === null || value === undefined || value === '') {
    return (
      <span className={classes} data-testid={testId} data-exact="">
        —
      </span>
    );
  }
  const code = currency ?? '';
  return (
    <span className="money-wrap">
      <span className={classes} data-testid={testId} data-exact={value} title={`${n(value)}${code ? ` ${code}` : ''}`} translate="no">
        {formatMoney(value, lang)}
      </span>
      {showCurrency && code && (
        <span className="ccy" translate="no">
          {' '}
          {code}
        </span>
      )}
    </span>
  );
}
