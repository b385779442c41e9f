#!/usr/bin/env node
// Writes fixtures/classify/labeled-prompts.jsonl: realistic prompts for the four tiers, from templates
// x domain fillers, with a fixed seed so the set (and the default model trained on it) is reproducible.
// Usage: node scripts/make-labeled-set.mjs [--per-template 14] [--out FILE]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const perTemplate = Number(opt('--per-template', '14'));
const out = resolve(root, opt('--out', 'fixtures/classify/labeled-prompts.jsonl'));

function rng(seed) { let a = seed >>> 0; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const rand = rng(20240601);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const F = {
  domain: ['retail', 'travel', 'hospital', 'bank', 'university', 'game studio', 'logistics company', 'real estate agency', 'HR team', 'marketing agency', 'utility company', 'farm co-op', 'car dealership', 'newsroom', 'SaaS startup', 'restaurant chain', 'insurance broker', 'city council', 'airline', 'pharmacy'],
  lang: ['French', 'Spanish', 'German', 'Japanese', 'Portuguese', 'Italian', 'Korean', 'Dutch', 'Polish', 'Turkish'],
  sentence: ['Our store opens at nine on weekdays.', 'The package was delivered to the wrong address.', 'Please remember to bring your ID card.', 'The meeting has been moved to Thursday afternoon.', 'Thank you for your patience while we fix the issue.', 'The train to the airport leaves every twenty minutes.', 'Your order has shipped and will arrive soon.', 'We are closed for the holiday on Monday.', 'The new menu includes three vegetarian dishes.', 'Tickets are available at the front desk.'],
  broken: ['me and him goes to the market yesterday', 'their going to announce the results tomorow', 'the report have three section that needs review', 'she dont like when the meeting run late', 'we was waiting for the bus since a hour', 'its important to checks the invoice before paying it'],
  review: ['The room was spotless and the staff were lovely.', 'Delivery took three weeks and the box was crushed.', 'It works, I guess. Nothing special.', 'Best pizza in town, will order again!', 'The app crashes every time I open settings.', 'Battery life is fine but the screen scratches easily.', 'Customer service never answered my emails.', 'Exactly as described, arrived on time.'],
  field: ['invoice number', 'due date', 'customer name', 'order ID', 'total amount', 'shipping city', 'phone extension', 'flight number'],
  snippet: ['Invoice #INV-20931 issued to Harper Foods, total 1,240.50 EUR, due 2024-07-15.', 'Order 55-1093 for Lena Ortiz ships to Valencia via express courier.', 'Flight BA284 departs 18:40 from gate B12; passenger: Tom Reyes.', 'Ticket 8812: customer Priya Nair reports the total of 89.99 was charged twice.', 'Booking ref QX7Y2 for 2 guests, check-in 12 March, Lisbon.', 'PO 4471 from Northwind Traders, amount 3,300 USD, net 30.'],
  country: ['Kenya', 'Chile', 'Norway', 'Vietnam', 'Morocco', 'Canada', 'New Zealand', 'Portugal', 'Peru', 'Finland'],
  word: ['happy', 'rapid', 'difficult', 'ancient', 'generous', 'brief', 'fragile', 'curious'],
  date: ['03/14/2024', '7 June 2023', 'Jan 2nd, 2025', '2024.11.30', '31-12-2022'],
  ticket: ['I was charged twice for my subscription this month.', 'My parcel says delivered but nothing arrived.', 'I cannot reset my password, the link expired.', 'Can I change the color of the item I ordered?', 'The invoice shows the wrong company name.'],
  units: [['12', 'miles', 'kilometers'], ['70', 'Fahrenheit', 'Celsius'], ['5', 'pounds', 'kilograms'], ['3', 'gallons', 'liters'], ['250', 'grams', 'ounces']],
  product: ['a reusable water bottle', 'noise-cancelling headphones', 'a standing desk', 'an herbal tea sampler', 'a kids\' coding kit', 'a waterproof hiking jacket', 'a smart thermostat', 'a cast-iron skillet'],
  audience: ['busy parents', 'college students', 'small business owners', 'retirees', 'remote workers', 'outdoor enthusiasts'],
  concept: ['inflation', 'photosynthesis', 'a content delivery network', 'compound interest', 'the greenhouse effect', 'supply chains', 'machine learning', 'a blockchain', 'vaccination', 'the electoral college'],
  recipient: ['a supplier', 'our landlord', 'a new client', 'the school principal', 'a job candidate', 'the event venue'],
  topic: ['a delayed delivery', 'rescheduling next week\'s meeting', 'an overdue invoice', 'a change in opening hours', 'the upcoming team offsite', 'a price increase'],
  pair: [['tea', 'coffee'], ['renting', 'buying a home'], ['email', 'instant messaging for team updates'], ['trains', 'planes for European travel'], ['Kanban', 'Scrum'], ['public', 'private cloud']],
  ideas: ['a team-building activity', 'a newsletter headline', 'a birthday party theme', 'a podcast episode', 'a loyalty program perk', 'a blog series for a bakery'],
  code_lang: ['Python', 'TypeScript', 'Go', 'Rust', 'Java', 'C#', 'Kotlin', 'Ruby'],
  code_task: ['parses a CSV file of transactions and returns monthly totals per category', 'implements an LRU cache with O(1) get and put', 'merges overlapping time intervals', 'finds the shortest path in a weighted graph using Dijkstra\'s algorithm', 'rate-limits API calls with a token bucket', 'deduplicates customer records using fuzzy name matching', 'streams a large JSON array without loading it into memory', 'validates and normalizes international phone numbers'],
  bug: ['TypeError: cannot read properties of undefined', 'a deadlock under concurrent requests', 'an off-by-one error on the last page', 'a memory leak after a few hours', 'wrong totals when the list is empty', 'a race condition between two workers'],
  system: ['multi-tenant analytics platform', 'real-time chat service', 'inventory system for 300 warehouses', 'video transcoding pipeline', 'event ticketing backend', 'IoT telemetry ingestion service'],
  scale: ['50k writes per second', '10 million daily active users', 'bursty traffic during flash sales', 'strict 100 ms p99 latency', 'multi-region failover'],
  tech: [['PostgreSQL', 'Cassandra'], ['Kafka', 'SQS'], ['a monolith', 'microservices'], ['REST', 'gRPC'], ['Redis', 'Memcached']],
  theorem: ['the square root of 2 is irrational', 'there are infinitely many primes', 'the sum of the first n odd numbers is n squared', 'every tree with n nodes has n - 1 edges', 'the product of two consecutive integers is even'],
  problem: ['A train leaves at 3 pm at 80 km/h and another leaves at 4 pm at 100 km/h from the same station; when does the second catch up?', 'A shop discounts an item by 20% and then raises the new price by 25%; what is the net change?', 'Three machines make 240 parts in 4 hours; how long do five machines take to make 600 parts?', 'What is the probability of at least one six in four rolls of a fair die?', 'A tank fills in 6 hours with pipe A and 9 hours with pipe B; how long with both and a drain that empties it in 18 hours?'],
  research: ['the effect of remote work on employee retention', 'soil moisture sensors for small farms', 'churn prediction for a subscription app', 'urban heat islands in mid-sized cities', 'onboarding drop-off in a fintech app'],
  relative: ['father', 'mother', 'grandmother', 'son', 'partner', 'daughter'],
  drug: ['warfarin', 'metformin', 'lisinopril', 'ibuprofen', 'sertraline', 'amoxicillin', 'prednisone'],
  symptom: ['now has chest pain and shortness of breath', 'developed a rash and swollen lips', 'feels dizzy after standing up', 'has had a fever for four days', 'noticed black stools this morning'],
  contract: ['master services agreement', 'employment contract', 'commercial lease', 'software license agreement', 'non-disclosure agreement', 'supplier contract'],
  clause: ['The Supplier shall indemnify the Customer against all losses without limitation.', 'Either party may terminate with 7 days notice; fees paid are non-refundable.', 'The Employee assigns all inventions, including those made outside working hours.', 'Liability of the Provider is capped at the fees paid in the preceding month.', 'The Tenant is responsible for all structural repairs to the premises.'],
  legal_issue: ['an unpaid debt', 'a car accident claim', 'a noise complaint from a neighbor', 'an eviction notice', 'a wrongful dismissal', 'a trademark dispute'],
  place: ['California', 'Texas', 'Ontario', 'Bavaria', 'New South Wales', 'Ireland'],
  asset: ['index funds', 'Bitcoin', 'rental property', 'government bonds', 'my employer\'s stock'],
  age: ['34', '47', '58', '62', '29'],
  amount: ['$80,000', '$240,000', '$45,000', '$610,000'],
  vuln: ['an SQL injection in the login form', 'exposed admin credentials in a public repository', 'a privilege escalation in the billing service', 'ransomware on two file servers', 'an unpatched CVE in our VPN gateway'],
  landlord_action: ['keep my whole deposit for normal wear', 'enter the apartment without notice', 'raise the rent by 30% mid-lease', 'evict me for reporting mold'],
  patient: ['a 54-year-old with crushing chest pain radiating to the left arm', 'a 7-year-old with high fever and a stiff neck', 'a pregnant patient at 30 weeks with severe headache and blurred vision', 'a 70-year-old on anticoagulants after a fall with confusion'],
};

const T = {
  0: [
    () => `Translate the following sentence into ${pick(F.lang)}: "${pick(F.sentence)}"`,
    () => `Fix the grammar in this sentence: "${pick(F.broken)}"`,
    () => `Extract the ${pick(F.field)} from this text: "${pick(F.snippet)}"`,
    () => `Classify the sentiment of this review as positive, negative or neutral. Review: "${pick(F.review)}"`,
    () => { const [v, a, b] = pick(F.units); return `Convert ${v} ${a} to ${b}.`; },
    () => `What is the capital of ${pick(F.country)}?`,
    () => `Give me one synonym for "${pick(F.word)}".`,
    () => `Reformat this date as YYYY-MM-DD: ${pick(F.date)}`,
    () => `Label this support ticket for our ${pick(F.domain)} with one of: billing, shipping, account, other. Ticket: "${pick(F.ticket)}"`,
    () => `Return only the ${pick(F.field)} as JSON {"value": ...} from: ${pick(F.snippet)}`,
    () => `Detect the language of this phrase: "${pick(['Guten Morgen, wie geht es dir?', 'Obrigado pela ajuda', 'Je voudrais un café', 'Dziękuję bardzo', 'Buenas noches a todos'])}"`,
    () => `Is this review about the product or the delivery? Answer with one word. "${pick(F.review)}"`,
    () => `Proofread: "${pick(F.broken)}"`,
  ],
  1: [
    () => `Summarize this update from our ${pick(F.domain)} in three bullet points: ${pick(F.sentence)} ${pick(F.sentence)} ${pick(F.sentence)} Staff feedback has been mostly positive, though some customers asked for longer hours.`,
    () => `Write a short product description for ${pick(F.product)} aimed at ${pick(F.audience)}.`,
    () => `Explain what ${pick(F.concept)} is in simple terms for a newsletter.`,
    () => `Draft a polite email to ${pick(F.recipient)} about ${pick(F.topic)}.`,
    () => { const [a, b] = pick(F.pair); return `What are the main differences between ${a} and ${b}?`; },
    () => `Give me five ideas for ${pick(F.ideas)}.`,
    () => `Using the FAQ below, answer the customer's question.\nFAQ: Returns are accepted within 30 days with a receipt. Shipping is free over $50. Support hours are 9-5 on weekdays.\nQuestion: ${pick(['Can I return shoes I bought five weeks ago?', 'Do I pay shipping on a $65 order?', 'Can I call support on Saturday?', 'How long do I have to return a gift?'])}`,
    () => `Write a friendly social media post announcing that our ${pick(F.domain)} is ${pick(['opening a new location', 'launching a loyalty card', 'hiring for summer', 'celebrating ten years'])}.`,
    () => `Create a packing list for ${pick(['a weekend camping trip', 'a business trip to Singapore', 'a ski holiday', 'a beach week with toddlers', 'a music festival'])}.`,
    () => `Answer briefly: how does ${pick(F.concept)} affect a ${pick(F.domain)}?`,
    () => `Write a two-paragraph welcome message for new members of our ${pick(['book club', 'running group', 'community garden', 'developer forum', 'parents association'])}.`,
    () => `Suggest a catchy name and a one-line tagline for ${pick(F.product)}.`,
    () => `Summarize the key points of this customer review for the product team: "${pick(F.review)} ${pick(F.review)}"`,
  ],
  2: [
    () => `Write a ${pick(F.code_lang)} function that ${pick(F.code_task)}. Include unit tests and explain the time complexity.`,
    () => `Debug this ${pick(F.code_lang)} code; it fails with ${pick(F.bug)}:\n\`\`\`\nfunction total(items) {\n  let sum = 0;\n  for (let i = 0; i <= items.length; i++) {\n    sum += items[i].price * items[i].qty;\n  }\n  return sum;\n}\n\`\`\`\nExplain the root cause, then fix it.`,
    () => { const [a, b] = pick(F.tech); return `Design a ${pick(F.system)} architecture that handles ${pick(F.scale)}. Compare the trade-offs between ${a} and ${b}, then propose a step-by-step migration plan.`; },
    () => `Prove that ${pick(F.theorem)}. Show every step of the proof.`,
    () => `Solve step by step and justify each step: ${pick(F.problem)}`,
    () => `Plan a 12-week research project on ${pick(F.research)}: hypotheses, data collection, analysis methods, milestones and risks.`,
    () => `Refactor this ${pick(F.code_lang)} module to remove the global state and make it testable:\n\`\`\`\nconst cache = {};\nfunction getUser(id) {\n  if (cache[id]) return cache[id];\n  const user = db.query("SELECT * FROM users WHERE id = " + id);\n  cache[id] = user;\n  return user;\n}\n\`\`\``,
    () => `Write a SQL query that returns, for each ${pick(['customer', 'store', 'product category', 'sales rep'])}, the month-over-month growth in revenue over the last 12 months, given tables orders(id, customer_id, created_at, total) and customers(id, region). Then explain how to index it.`,
    () => `Analyze the following situation at a ${pick(F.domain)} and recommend a strategy: sales fell 12% last quarter while traffic rose 8%, returns doubled and the average basket shrank. Evaluate at least three hypotheses, then rank them by evidence.`,
    () => `Implement a ${pick(F.code_lang)} service that ${pick(F.code_task)}, with error handling, logging and concurrency limits. First outline the design, then write the code.`,
    () => `Here is the transcript of a two-hour planning meeting. ${Array.from({ length: 12 }, () => `${pick(['Ana', 'Raj', 'Mei', 'Jon', 'Sara'])}: ${pick(F.sentence)} We should revisit ${pick(F.topic)} and check the budget for ${pick(F.ideas)}.`).join(' ')} Identify every decision, its owner and deadline, list unresolved conflicts, and reason about which to escalate first.`,
    () => `Derive the expected value and variance of the number of ${pick(['coin flips until two heads in a row', 'die rolls until all six faces appear', 'customers until the first complaint if each complains with probability 0.05'])}, then verify it with a simulation in ${pick(F.code_lang)}.`,
    () => `Optimize this algorithm, which ${pick(F.code_task)}, from O(n^2) to O(n log n) and prove it is still correct.`,
  ],
  3: [
    () => `My ${pick(F.relative)} is taking ${pick(F.drug)} 20 mg daily and ${pick(F.symptom)}. Should we change the dosage or go to the emergency room?`,
    () => `Review this clause from our ${pick(F.contract)} for liability risks to my company: "${pick(F.clause)}" Should I sign it as is?`,
    () => `I received a court summons about ${pick(F.legal_issue)} in ${pick(F.place)}. What are my legal options and deadlines, and do I need a lawyer?`,
    () => `Should I move my retirement savings into ${pick(F.asset)}? I'm ${pick(F.age)} with ${pick(F.amount)} in my 401k and a mortgage.`,
    () => `We found ${pick(F.vuln)} in production at our ${pick(F.domain)}. Draft the incident response plan and assess whether customer credentials were exposed.`,
    () => `A patient presents as ${pick(F.patient)}. List the differential diagnosis, the urgent tests and the first treatment steps.`,
    () => `Is it legal for my landlord to ${pick(F.landlord_action)} in ${pick(F.place)}? Can I sue?`,
    () => `Write the customer-facing notice for a data breach at our ${pick(F.domain)} affecting ${pick(['12,000', '480', '2 million', '75,000'])} users, compliant with GDPR notification rules.`,
    () => `Calculate the tax owed on capital gains if I sell ${pick(F.asset)} bought for ${pick(F.amount)} and now worth double, as a resident of ${pick(F.place)}. I need this for my tax return.`,
    () => `Is it safe to take ${pick(F.drug)} together with ${pick(F.drug)} while pregnant? What dose is safe?`,
    () => `Our ${pick(F.domain)} must decide today whether to approve a ${pick(F.amount)} loan for a client with a credit score of 590 and two late payments. Assess the risk and our compliance obligations.`,
    () => `Audit our access control policy: contractors keep admin credentials after offboarding and MFA is optional. What is the breach risk and what must we fix before the regulator's review?`,
    () => `Draft the indemnification and limitation of liability clauses for a ${pick(F.contract)} between a ${pick(F.domain)} and a vendor handling patient data under HIPAA.`,
  ],
};

const rows = [];
const seen = new Set();
for (const tier of [0, 1, 2, 3]) {
  T[tier].forEach((make, template) => {
    for (let k = 0, tries = 0; k < perTemplate && tries < perTemplate * 20; tries++) {
      const text = make();
      if (seen.has(text)) continue;
      seen.add(text);
      rows.push({ text, tier, template: `t${tier}-${template}` });
      k++;
    }
  });
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
process.stderr.write(`wrote ${rows.length} prompts to ${out}\n`);
