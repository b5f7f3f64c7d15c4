// The demo's day of callbacks for the agent view (www/screens/callbacks.js): what a bank's host
// page would fetch from its own server — accounts and events due (opaque refs, no personal data),
// and the month's completed callbacks for the quality sample. Generated once; edit freely.
export const SAMPLE = {
 "accounts": [
  {
   "ref": "B-0042",
   "customerRef": "C-77",
   "type": "business_basic",
   "riskLevel": "medium",
   "openedOn": "2024-01-10",
   "lastCallbackOn": "2026-08-20",
   "status": "abnormal"
  },
  {
   "ref": "P-1001",
   "customerRef": "C-81",
   "type": "personal_class_1",
   "riskLevel": "low",
   "openedOn": "2026-11-16"
  },
  {
   "ref": "P-1002",
   "customerRef": "C-90",
   "type": "personal_class_2",
   "riskLevel": "medium",
   "openedOn": "2022-03-01",
   "lastCallbackOn": "2025-11-10",
   "attempts": [
    {
     "at": "2026-11-20T10:05:00+08:00",
     "channel": "phone",
     "outcome": "no_answer"
    },
    {
     "at": "2026-11-20T15:30:00+08:00",
     "channel": "phone",
     "outcome": "no_answer"
    },
    {
     "at": "2026-11-21T09:10:00+08:00",
     "channel": "phone",
     "outcome": "no_answer"
    }
   ]
  },
  {
   "ref": "P-1003",
   "customerRef": "C-93",
   "type": "personal_class_1",
   "riskLevel": "high",
   "openedOn": "2023-05-04",
   "lastCallbackOn": "2026-05-20"
  },
  {
   "ref": "P-0917",
   "customerRef": "C-12",
   "type": "personal_class_1",
   "riskLevel": "medium",
   "openedOn": "2019-03-01",
   "lastCallbackOn": "2021-06-15"
  }
 ],
 "events": [
  {
   "ref": "E-3001",
   "customerRef": "C-55",
   "kind": "large_transaction",
   "on": "2026-11-23",
   "accountType": "business_general"
  }
 ],
 "quality": {
  "completed": [
   {
    "ref": "Q-A01",
    "agentId": "A100293",
    "completedAt": "2026-11-01T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A02",
    "agentId": "A100293",
    "completedAt": "2026-11-02T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A03",
    "agentId": "A100293",
    "completedAt": "2026-11-03T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A04",
    "agentId": "A100293",
    "completedAt": "2026-11-04T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A05",
    "agentId": "A100293",
    "completedAt": "2026-11-05T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A06",
    "agentId": "A100293",
    "completedAt": "2026-11-06T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A07",
    "agentId": "A100293",
    "completedAt": "2026-11-07T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A08",
    "agentId": "A100293",
    "completedAt": "2026-11-08T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": [],
    "lowestRating": 1
   },
   {
    "ref": "Q-A09",
    "agentId": "A100293",
    "completedAt": "2026-11-09T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A10",
    "agentId": "A100293",
    "completedAt": "2026-11-10T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A11",
    "agentId": "A100293",
    "completedAt": "2026-11-11T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A12",
    "agentId": "A100293",
    "completedAt": "2026-11-12T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A13",
    "agentId": "A100293",
    "completedAt": "2026-11-13T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A14",
    "agentId": "A100293",
    "completedAt": "2026-11-14T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A15",
    "agentId": "A100293",
    "completedAt": "2026-11-15T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A16",
    "agentId": "A100293",
    "completedAt": "2026-11-16T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A17",
    "agentId": "A100293",
    "completedAt": "2026-11-17T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A18",
    "agentId": "A100293",
    "completedAt": "2026-11-18T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A19",
    "agentId": "A100293",
    "completedAt": "2026-11-19T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A20",
    "agentId": "A100293",
    "completedAt": "2026-11-20T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A21",
    "agentId": "A100293",
    "completedAt": "2026-11-21T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A22",
    "agentId": "A100293",
    "completedAt": "2026-11-22T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A23",
    "agentId": "A100293",
    "completedAt": "2026-11-23T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A24",
    "agentId": "A100293",
    "completedAt": "2026-11-24T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A25",
    "agentId": "A100293",
    "completedAt": "2026-11-25T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A26",
    "agentId": "A100293",
    "completedAt": "2026-11-26T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A27",
    "agentId": "A100293",
    "completedAt": "2026-11-27T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A28",
    "agentId": "A100293",
    "completedAt": "2026-11-28T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A29",
    "agentId": "A100293",
    "completedAt": "2026-11-01T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-A30",
    "agentId": "A100293",
    "completedAt": "2026-11-02T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B01",
    "agentId": "B200451",
    "completedAt": "2026-11-01T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B02",
    "agentId": "B200451",
    "completedAt": "2026-11-02T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B03",
    "agentId": "B200451",
    "completedAt": "2026-11-03T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B04",
    "agentId": "B200451",
    "completedAt": "2026-11-04T10:00:00+08:00",
    "channel": "phone",
    "outcome": "refused",
    "followUpActions": []
   },
   {
    "ref": "Q-B05",
    "agentId": "B200451",
    "completedAt": "2026-11-05T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B06",
    "agentId": "B200451",
    "completedAt": "2026-11-06T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B07",
    "agentId": "B200451",
    "completedAt": "2026-11-07T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-B08",
    "agentId": "B200451",
    "completedAt": "2026-11-08T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-C01",
    "agentId": "C300718",
    "completedAt": "2026-11-01T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-C02",
    "agentId": "C300718",
    "completedAt": "2026-11-02T10:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   },
   {
    "ref": "Q-D01",
    "agentId": "A100293",
    "completedAt": "2026-12-01T09:00:00+08:00",
    "channel": "phone",
    "outcome": "completed",
    "followUpActions": []
   }
  ]
 }
};
