import { GatewayServerError } from '../../errors/gateway-server-error';
import type { CounterStore } from '../../storage/types';
import type { BudgetConfig, ResolvedGovernanceConfig } from '../config';
import { formatUsd } from '../cost';
import type { CallIdentity } from './call-identity';
import type { StoreGuard } from './store-guard';
import { counterKey, fromNanoUsd, monthWindow, toNanoUsd, type Scope } from './windows';

/** One budget a call counts against. */
export interface BudgetedParty {
  scope: Scope;
  name: string;
  budget: BudgetConfig;
}

/** The budgets that apply to a call: its key's, its team's, its user's (or the users' default), each tag's, its quota entity's (or the entities' default). */
export function budgetedParties(identity: CallIdentity, governance: ResolvedGovernanceConfig): BudgetedParty[] {
  const parties: BudgetedParty[] = [];
  const keyBudget = governance.keyBudgets.get(identity.keyName);
  if (keyBudget) parties.push({ scope: 'key', name: identity.keyName, budget: keyBudget });
  const teamBudget = identity.team !== undefined ? governance.teamBudgets.get(identity.team) : undefined;
  if (teamBudget) parties.push({ scope: 'team', name: identity.team!, budget: teamBudget });
  if (identity.user !== undefined) {
    const userBudget = governance.userBudgets.get(identity.user) ?? governance.defaultUserBudget;
    if (userBudget) parties.push({ scope: 'user', name: identity.user, budget: userBudget });
  }
  for (const tag of identity.tags) {
    const tagBudget = governance.tagBudgets.get(tag);
    if (tagBudget) parties.push({ scope: 'tag', name: tag, budget: tagBudget });
  }
  if (identity.quotaEntity !== undefined) {
    const entityBudget = governance.quotaEntityBudgets.get(identity.quotaEntity) ?? governance.defaultQuotaEntityBudget;
    if (entityBudget) parties.push({ scope: 'entity', name: identity.quotaEntity, budget: entityBudget });
  }
  return parties;
}

export const spendKey = (scope: Scope, name: string, month: string) => counterKey('spend', scope, name, month);

/** All spend that counts against credits, since the store began (for `/v1/credits` without a budget). */
export const TOTAL_SPEND_KEY = counterKey('spend', 'total');
/** Counters that never reset still need an expiry; a century will do. */
export const NEVER_MS = 100 * 365 * 86_400_000;

/** `key "ci"`, `quota entity "acct-42"`: how messages name a budget's owner. */
const label = ({ scope, name }: { scope: Scope; name: string }) => `${scope === 'entity' ? 'quota entity' : scope} "${name}"`;

/** Dollars and cents, or every significant digit for amounts under a cent. */
const usd = (amount: number) => (amount === 0 || amount >= 0.01 ? amount.toFixed(2) : formatUsd(amount));

/** Refuses the call with 402 when any of its budgets is already spent this month. */
export async function checkBudgets(counters: CounterStore, guard: StoreGuard, parties: readonly BudgetedParty[]): Promise<void> {
  if (parties.length === 0) return;
  const now = counters.now();
  const month = monthWindow(now);
  const spent = await guard.admit(() => counters.read(parties.map((party) => spendKey(party.scope, party.name, month.id))), parties.map(() => 0));
  parties.forEach((party, index) => {
    const spentUsd = fromNanoUsd(spent[index]!);
    if (spentUsd >= party.budget.monthlyUsd) {
      throw new GatewayServerError({
        status: 402,
        type: 'quota_for_entity_exceeded',
        message: `Budget exhausted for ${label(party)}: spent $${usd(spentUsd)} of $${usd(party.budget.monthlyUsd)} this month (resets ${new Date(month.endsAt).toISOString().replace('.000Z', 'Z')}).`,
      });
    }
  });
}

/** Refuses the call with 402 `insufficient_funds` when spend has used up the enforced credit balance (`credits: { enforce: true }`). */
export async function checkCredits(counters: CounterStore, guard: StoreGuard, balanceUsd: number): Promise<void> {
  const [spent] = await guard.admit(() => counters.read([TOTAL_SPEND_KEY]), [0]);
  const spentUsd = fromNanoUsd(spent!);
  if (spentUsd >= balanceUsd) {
    throw new GatewayServerError({
      status: 402,
      type: 'insufficient_funds',
      message: `Credits exhausted: spent $${usd(spentUsd)} of the $${usd(balanceUsd)} credit balance. Raise credits.balance in the gateway config to continue.`,
    });
  }
}

/** What the soft-threshold event says (log line and webhook body). */
export interface SoftThresholdEvent {
  type: 'budget.soft_threshold';
  scope: Scope;
  name: string;
  month: string;
  spentUsd: number;
  softUsd: number;
  monthlyUsd: number;
}

/**
 * Adds a finished call's cost to each of its budgets (and to the gateway's total), and fires the
 * soft-threshold event of a budget when a call's cost takes its spend in the month to `softUsd` or past it.
 */
export async function addSpend(
  counters: CounterStore,
  guard: StoreGuard,
  parties: readonly BudgetedParty[],
  costUsd: number,
  onSoftThreshold: (event: SoftThresholdEvent) => void,
): Promise<void> {
  const nano = toNanoUsd(costUsd);
  if (nano <= 0) return;
  const now = counters.now();
  const month = monthWindow(now);
  await guard.background(() => counters.add(TOTAL_SPEND_KEY, nano, now + NEVER_MS));
  for (const party of parties) {
    let total = 0;
    const added = await guard.background(async () => {
      total = await counters.add(spendKey(party.scope, party.name, month.id), nano, month.endsAt);
    });
    const soft = party.budget.softUsd;
    // Only the call that takes spend across the threshold fires: spend restored above it after a restart does not again.
    if (!added || soft === undefined || fromNanoUsd(total) < soft || fromNanoUsd(total - nano) >= soft) continue;
    let first = false;
    await guard.background(async () => {
      first = await counters.setOnce(counterKey('soft', party.scope, party.name, month.id), month.endsAt);
    });
    if (first) {
      onSoftThreshold({ type: 'budget.soft_threshold', scope: party.scope, name: party.name, month: month.id, spentUsd: fromNanoUsd(total), softUsd: soft, monthlyUsd: party.budget.monthlyUsd });
    }
  }
}

/** The log line of a soft-threshold event. */
export const softThresholdLine = (event: SoftThresholdEvent) =>
  `[modelgate] budget soft threshold reached for ${label(event)}: spent $${usd(event.spentUsd)} of $${usd(event.monthlyUsd)} in ${event.month} (soft threshold $${usd(event.softUsd)}).`;
