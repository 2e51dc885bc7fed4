import { describe, expect, it } from "vitest";
import { describeFlagChange } from "@/lib/flags/change-words";

const flag = { enabled: true, rolloutPercentage: 10, targetUsers: ["ana"], targetEnvironments: [], metadata: {}, description: "", archived: false };

describe("a flag change in words", () => {
  it("says a rollout move the way operators do", () => {
    expect(describeFlagChange(flag, { ...flag, rolloutPercentage: 50 })).toEqual(["Rollout 10 % → 50 %"]);
  });

  it("names the kill switch and who was added to or removed from the targets", () => {
    expect(describeFlagChange(flag, { ...flag, enabled: false, targetUsers: ["bo"] })).toEqual(["Disabled (kill switch)", "Target users: added bo; removed ana"]);
  });

  it("names who was excluded or let back in", () => {
    expect(describeFlagChange({ ...flag, excludedUsers: ["cy"] }, { ...flag, excludedUsers: ["dee"] })).toEqual(["Excluded users: added dee; removed cy"]);
  });

  it("speaks of environments, not arrays", () => {
    expect(describeFlagChange(flag, { ...flag, targetEnvironments: ["production", "staging"] })).toEqual(["Environments: every environment → production, staging"]);
  });

  it("describes a creation", () => {
    expect(describeFlagChange(null, { ...flag, enabled: false, rolloutPercentage: 100 })).toEqual(["Created: off, rollout 100 %"]);
  });
});
