"""casekit's ICD-10-CM code table: one ``code<TAB>description`` line per billable code.

Data only, read lazily by :mod:`casekit.codes` (never imported by ``import casekit``). Descriptions
are the CMS ICD-10-CM tabular list, FY2026 (April 1, 2026 update), as bundled in the PyPI package
``simple-icd-10-cm`` 1.5.0; every line was checked there to be a billable leaf with exactly this
description. The codes are:

- every code of the draft condition packs (``docs/drafts/packs/code-descriptions.tsv``: knee, low
  back, neck, shoulder, ankle, hip additions, postoperative signals);
- casekit's earlier hip table;
- common codes a general rehabilitation fallback sees, every billable code under: M25.5 (pain in
  joint; M25.59 left out, it names no region), M77.0 / M77.1 (medial / lateral epicondylitis),
  M79.64 / M79.67 (pain in hand, finger, foot, toe), G56.0 (carpal tunnel), M72.2 (plantar
  fasciitis), M65.3 (trigger finger), Z47.1 and Z96.6 (joint replacement; Z96.698 other implants
  left out), and the spine categories M47, M48.0, M50, M51, M53, M54.

Rebuild: for each code, ``simple_icd_10_cm.is_leaf(code)`` and ``get_description(code)``.
"""

TABLE = """\
G44.86	Cervicogenic headache
G56.00	Carpal tunnel syndrome, unspecified upper limb
G56.01	Carpal tunnel syndrome, right upper limb
G56.02	Carpal tunnel syndrome, left upper limb
G56.03	Carpal tunnel syndrome, bilateral upper limbs
M16.0	Bilateral primary osteoarthritis of hip
M16.10	Unilateral primary osteoarthritis, unspecified hip
M16.11	Unilateral primary osteoarthritis, right hip
M16.12	Unilateral primary osteoarthritis, left hip
M16.2	Bilateral osteoarthritis resulting from hip dysplasia
M16.30	Unilateral osteoarthritis resulting from hip dysplasia, unspecified hip
M16.31	Unilateral osteoarthritis resulting from hip dysplasia, right hip
M16.32	Unilateral osteoarthritis resulting from hip dysplasia, left hip
M16.4	Bilateral post-traumatic osteoarthritis of hip
M16.50	Unilateral post-traumatic osteoarthritis, unspecified hip
M16.51	Unilateral post-traumatic osteoarthritis, right hip
M16.52	Unilateral post-traumatic osteoarthritis, left hip
M16.6	Other bilateral secondary osteoarthritis of hip
M16.7	Other unilateral secondary osteoarthritis of hip
M16.9	Osteoarthritis of hip, unspecified
M17.0	Bilateral primary osteoarthritis of knee
M17.10	Unilateral primary osteoarthritis, unspecified knee
M17.11	Unilateral primary osteoarthritis, right knee
M17.12	Unilateral primary osteoarthritis, left knee
M17.2	Bilateral post-traumatic osteoarthritis of knee
M17.30	Unilateral post-traumatic osteoarthritis, unspecified knee
M17.31	Unilateral post-traumatic osteoarthritis, right knee
M17.32	Unilateral post-traumatic osteoarthritis, left knee
M17.4	Other bilateral secondary osteoarthritis of knee
M17.5	Other unilateral secondary osteoarthritis of knee
M17.9	Osteoarthritis of knee, unspecified
M22.2X1	Patellofemoral disorders, right knee
M22.2X2	Patellofemoral disorders, left knee
M22.2X9	Patellofemoral disorders, unspecified knee
M22.40	Chondromalacia patellae, unspecified knee
M22.41	Chondromalacia patellae, right knee
M22.42	Chondromalacia patellae, left knee
M23.200	Derangement of unspecified lateral meniscus due to old tear or injury, right knee
M23.201	Derangement of unspecified lateral meniscus due to old tear or injury, left knee
M23.202	Derangement of unspecified lateral meniscus due to old tear or injury, unspecified knee
M23.203	Derangement of unspecified medial meniscus due to old tear or injury, right knee
M23.204	Derangement of unspecified medial meniscus due to old tear or injury, left knee
M23.205	Derangement of unspecified medial meniscus due to old tear or injury, unspecified knee
M23.206	Derangement of unspecified meniscus due to old tear or injury, right knee
M23.207	Derangement of unspecified meniscus due to old tear or injury, left knee
M23.209	Derangement of unspecified meniscus due to old tear or injury, unspecified knee
M23.211	Derangement of anterior horn of medial meniscus due to old tear or injury, right knee
M23.212	Derangement of anterior horn of medial meniscus due to old tear or injury, left knee
M23.219	Derangement of anterior horn of medial meniscus due to old tear or injury, unspecified knee
M23.221	Derangement of posterior horn of medial meniscus due to old tear or injury, right knee
M23.222	Derangement of posterior horn of medial meniscus due to old tear or injury, left knee
M23.229	Derangement of posterior horn of medial meniscus due to old tear or injury, unspecified knee
M23.231	Derangement of other medial meniscus due to old tear or injury, right knee
M23.232	Derangement of other medial meniscus due to old tear or injury, left knee
M23.239	Derangement of other medial meniscus due to old tear or injury, unspecified knee
M23.241	Derangement of anterior horn of lateral meniscus due to old tear or injury, right knee
M23.242	Derangement of anterior horn of lateral meniscus due to old tear or injury, left knee
M23.249	Derangement of anterior horn of lateral meniscus due to old tear or injury, unspecified knee
M23.251	Derangement of posterior horn of lateral meniscus due to old tear or injury, right knee
M23.252	Derangement of posterior horn of lateral meniscus due to old tear or injury, left knee
M23.259	Derangement of posterior horn of lateral meniscus due to old tear or injury, unspecified knee
M23.261	Derangement of other lateral meniscus due to old tear or injury, right knee
M23.262	Derangement of other lateral meniscus due to old tear or injury, left knee
M23.269	Derangement of other lateral meniscus due to old tear or injury, unspecified knee
M23.611	Other spontaneous disruption of anterior cruciate ligament of right knee
M23.612	Other spontaneous disruption of anterior cruciate ligament of left knee
M23.619	Other spontaneous disruption of anterior cruciate ligament of unspecified knee
M24.151	Other articular cartilage disorders, right hip
M24.152	Other articular cartilage disorders, left hip
M24.159	Other articular cartilage disorders, unspecified hip
M24.271	Disorder of ligament, right ankle
M24.272	Disorder of ligament, left ankle
M24.273	Disorder of ligament, unspecified ankle
M24.851	Other specific joint derangements of right hip, not elsewhere classified
M24.852	Other specific joint derangements of left hip, not elsewhere classified
M24.859	Other specific joint derangements of unspecified hip, not elsewhere classified
M25.371	Other instability, right ankle
M25.372	Other instability, left ankle
M25.373	Other instability, unspecified ankle
M25.50	Pain in unspecified joint
M25.511	Pain in right shoulder
M25.512	Pain in left shoulder
M25.519	Pain in unspecified shoulder
M25.521	Pain in right elbow
M25.522	Pain in left elbow
M25.529	Pain in unspecified elbow
M25.531	Pain in right wrist
M25.532	Pain in left wrist
M25.539	Pain in unspecified wrist
M25.541	Pain in joints of right hand
M25.542	Pain in joints of left hand
M25.549	Pain in joints of unspecified hand
M25.551	Pain in right hip
M25.552	Pain in left hip
M25.559	Pain in unspecified hip
M25.561	Pain in right knee
M25.562	Pain in left knee
M25.569	Pain in unspecified knee
M25.571	Pain in right ankle and joints of right foot
M25.572	Pain in left ankle and joints of left foot
M25.579	Pain in unspecified ankle and joints of unspecified foot
M25.611	Stiffness of right shoulder, not elsewhere classified
M25.612	Stiffness of left shoulder, not elsewhere classified
M25.619	Stiffness of unspecified shoulder, not elsewhere classified
M25.651	Stiffness of right hip, not elsewhere classified
M25.652	Stiffness of left hip, not elsewhere classified
M25.659	Stiffness of unspecified hip, not elsewhere classified
M25.851	Other specified joint disorders, right hip
M25.852	Other specified joint disorders, left hip
M25.859	Other specified joint disorders, unspecified hip
M47.011	Anterior spinal artery compression syndromes, occipito-atlanto-axial region
M47.012	Anterior spinal artery compression syndromes, cervical region
M47.013	Anterior spinal artery compression syndromes, cervicothoracic region
M47.014	Anterior spinal artery compression syndromes, thoracic region
M47.015	Anterior spinal artery compression syndromes, thoracolumbar region
M47.016	Anterior spinal artery compression syndromes, lumbar region
M47.019	Anterior spinal artery compression syndromes, site unspecified
M47.021	Vertebral artery compression syndromes, occipito-atlanto-axial region
M47.022	Vertebral artery compression syndromes, cervical region
M47.029	Vertebral artery compression syndromes, site unspecified
M47.10	Other spondylosis with myelopathy, site unspecified
M47.11	Other spondylosis with myelopathy, occipito-atlanto-axial region
M47.12	Other spondylosis with myelopathy, cervical region
M47.13	Other spondylosis with myelopathy, cervicothoracic region
M47.14	Other spondylosis with myelopathy, thoracic region
M47.15	Other spondylosis with myelopathy, thoracolumbar region
M47.16	Other spondylosis with myelopathy, lumbar region
M47.20	Other spondylosis with radiculopathy, site unspecified
M47.21	Other spondylosis with radiculopathy, occipito-atlanto-axial region
M47.22	Other spondylosis with radiculopathy, cervical region
M47.23	Other spondylosis with radiculopathy, cervicothoracic region
M47.24	Other spondylosis with radiculopathy, thoracic region
M47.25	Other spondylosis with radiculopathy, thoracolumbar region
M47.26	Other spondylosis with radiculopathy, lumbar region
M47.27	Other spondylosis with radiculopathy, lumbosacral region
M47.28	Other spondylosis with radiculopathy, sacral and sacrococcygeal region
M47.811	Spondylosis without myelopathy or radiculopathy, occipito-atlanto-axial region
M47.812	Spondylosis without myelopathy or radiculopathy, cervical region
M47.813	Spondylosis without myelopathy or radiculopathy, cervicothoracic region
M47.814	Spondylosis without myelopathy or radiculopathy, thoracic region
M47.815	Spondylosis without myelopathy or radiculopathy, thoracolumbar region
M47.816	Spondylosis without myelopathy or radiculopathy, lumbar region
M47.817	Spondylosis without myelopathy or radiculopathy, lumbosacral region
M47.818	Spondylosis without myelopathy or radiculopathy, sacral and sacrococcygeal region
M47.819	Spondylosis without myelopathy or radiculopathy, site unspecified
M47.891	Other spondylosis, occipito-atlanto-axial region
M47.892	Other spondylosis, cervical region
M47.893	Other spondylosis, cervicothoracic region
M47.894	Other spondylosis, thoracic region
M47.895	Other spondylosis, thoracolumbar region
M47.896	Other spondylosis, lumbar region
M47.897	Other spondylosis, lumbosacral region
M47.898	Other spondylosis, sacral and sacrococcygeal region
M47.899	Other spondylosis, site unspecified
M47.9	Spondylosis, unspecified
M48.00	Spinal stenosis, site unspecified
M48.01	Spinal stenosis, occipito-atlanto-axial region
M48.02	Spinal stenosis, cervical region
M48.03	Spinal stenosis, cervicothoracic region
M48.04	Spinal stenosis, thoracic region
M48.05	Spinal stenosis, thoracolumbar region
M48.061	Spinal stenosis, lumbar region without neurogenic claudication
M48.062	Spinal stenosis, lumbar region with neurogenic claudication
M48.07	Spinal stenosis, lumbosacral region
M48.08	Spinal stenosis, sacral and sacrococcygeal region
M50.00	Cervical disc disorder with myelopathy, unspecified cervical region
M50.01	Cervical disc disorder with myelopathy, high cervical region
M50.020	Cervical disc disorder with myelopathy, mid-cervical region, unspecified level
M50.021	Cervical disc disorder at C4-C5 level with myelopathy
M50.022	Cervical disc disorder at C5-C6 level with myelopathy
M50.023	Cervical disc disorder at C6-C7 level with myelopathy
M50.03	Cervical disc disorder with myelopathy, cervicothoracic region
M50.10	Cervical disc disorder with radiculopathy, unspecified cervical region
M50.11	Cervical disc disorder with radiculopathy, high cervical region
M50.120	Mid-cervical disc disorder, unspecified level
M50.121	Cervical disc disorder at C4-C5 level with radiculopathy
M50.122	Cervical disc disorder at C5-C6 level with radiculopathy
M50.123	Cervical disc disorder at C6-C7 level with radiculopathy
M50.13	Cervical disc disorder with radiculopathy, cervicothoracic region
M50.20	Other cervical disc displacement, unspecified cervical region
M50.21	Other cervical disc displacement, high cervical region
M50.220	Other cervical disc displacement, mid-cervical region, unspecified level
M50.221	Other cervical disc displacement at C4-C5 level
M50.222	Other cervical disc displacement at C5-C6 level
M50.223	Other cervical disc displacement at C6-C7 level
M50.23	Other cervical disc displacement, cervicothoracic region
M50.30	Other cervical disc degeneration, unspecified cervical region
M50.31	Other cervical disc degeneration, high cervical region
M50.320	Other cervical disc degeneration, mid-cervical region, unspecified level
M50.321	Other cervical disc degeneration at C4-C5 level
M50.322	Other cervical disc degeneration at C5-C6 level
M50.323	Other cervical disc degeneration at C6-C7 level
M50.33	Other cervical disc degeneration, cervicothoracic region
M50.80	Other cervical disc disorders, unspecified cervical region
M50.81	Other cervical disc disorders, high cervical region
M50.820	Other cervical disc disorders, mid-cervical region, unspecified level
M50.821	Other cervical disc disorders at C4-C5 level
M50.822	Other cervical disc disorders at C5-C6 level
M50.823	Other cervical disc disorders at C6-C7 level
M50.83	Other cervical disc disorders, cervicothoracic region
M50.90	Cervical disc disorder, unspecified, unspecified cervical region
M50.91	Cervical disc disorder, unspecified, high cervical region
M50.920	Unspecified cervical disc disorder, mid-cervical region, unspecified level
M50.921	Unspecified cervical disc disorder at C4-C5 level
M50.922	Unspecified cervical disc disorder at C5-C6 level
M50.923	Unspecified cervical disc disorder at C6-C7 level
M50.93	Cervical disc disorder, unspecified, cervicothoracic region
M51.04	Intervertebral disc disorders with myelopathy, thoracic region
M51.05	Intervertebral disc disorders with myelopathy, thoracolumbar region
M51.06	Intervertebral disc disorders with myelopathy, lumbar region
M51.14	Intervertebral disc disorders with radiculopathy, thoracic region
M51.15	Intervertebral disc disorders with radiculopathy, thoracolumbar region
M51.16	Intervertebral disc disorders with radiculopathy, lumbar region
M51.17	Intervertebral disc disorders with radiculopathy, lumbosacral region
M51.24	Other intervertebral disc displacement, thoracic region
M51.25	Other intervertebral disc displacement, thoracolumbar region
M51.26	Other intervertebral disc displacement, lumbar region
M51.27	Other intervertebral disc displacement, lumbosacral region
M51.34	Other intervertebral disc degeneration, thoracic region
M51.35	Other intervertebral disc degeneration, thoracolumbar region
M51.360	Other intervertebral disc degeneration, lumbar region with discogenic back pain only
M51.361	Other intervertebral disc degeneration, lumbar region with lower extremity pain only
M51.362	Other intervertebral disc degeneration, lumbar region with discogenic back pain and lower extremity pain
M51.369	Other intervertebral disc degeneration, lumbar region without mention of lumbar back pain or lower extremity pain
M51.370	Other intervertebral disc degeneration, lumbosacral region with discogenic back pain only
M51.371	Other intervertebral disc degeneration, lumbosacral region with lower extremity pain only
M51.372	Other intervertebral disc degeneration, lumbosacral region with discogenic back pain and lower extremity pain
M51.379	Other intervertebral disc degeneration, lumbosacral region without mention of lumbar back pain or lower extremity pain
M51.44	Schmorl's nodes, thoracic region
M51.45	Schmorl's nodes, thoracolumbar region
M51.46	Schmorl's nodes, lumbar region
M51.47	Schmorl's nodes, lumbosacral region
M51.84	Other intervertebral disc disorders, thoracic region
M51.85	Other intervertebral disc disorders, thoracolumbar region
M51.86	Other intervertebral disc disorders, lumbar region
M51.87	Other intervertebral disc disorders, lumbosacral region
M51.9	Unspecified thoracic, thoracolumbar and lumbosacral intervertebral disc disorder
M51.A0	Intervertebral annulus fibrosus defect, lumbar region, unspecified size
M51.A1	Intervertebral annulus fibrosus defect, small, lumbar region
M51.A2	Intervertebral annulus fibrosus defect, large, lumbar region
M51.A3	Intervertebral annulus fibrosus defect, lumbosacral region, unspecified size
M51.A4	Intervertebral annulus fibrosus defect, small, lumbosacral region
M51.A5	Intervertebral annulus fibrosus defect, large, lumbosacral region
M53.0	Cervicocranial syndrome
M53.1	Cervicobrachial syndrome
M53.2X1	Spinal instabilities, occipito-atlanto-axial region
M53.2X2	Spinal instabilities, cervical region
M53.2X3	Spinal instabilities, cervicothoracic region
M53.2X4	Spinal instabilities, thoracic region
M53.2X5	Spinal instabilities, thoracolumbar region
M53.2X6	Spinal instabilities, lumbar region
M53.2X7	Spinal instabilities, lumbosacral region
M53.2X8	Spinal instabilities, sacral and sacrococcygeal region
M53.2X9	Spinal instabilities, site unspecified
M53.3	Sacrococcygeal disorders, not elsewhere classified
M53.80	Other specified dorsopathies, site unspecified
M53.81	Other specified dorsopathies, occipito-atlanto-axial region
M53.82	Other specified dorsopathies, cervical region
M53.83	Other specified dorsopathies, cervicothoracic region
M53.84	Other specified dorsopathies, thoracic region
M53.85	Other specified dorsopathies, thoracolumbar region
M53.86	Other specified dorsopathies, lumbar region
M53.87	Other specified dorsopathies, lumbosacral region
M53.88	Other specified dorsopathies, sacral and sacrococcygeal region
M53.9	Dorsopathy, unspecified
M54.00	Panniculitis affecting regions of neck and back, site unspecified
M54.01	Panniculitis affecting regions of neck and back, occipito-atlanto-axial region
M54.02	Panniculitis affecting regions of neck and back, cervical region
M54.03	Panniculitis affecting regions of neck and back, cervicothoracic region
M54.04	Panniculitis affecting regions of neck and back, thoracic region
M54.05	Panniculitis affecting regions of neck and back, thoracolumbar region
M54.06	Panniculitis affecting regions of neck and back, lumbar region
M54.07	Panniculitis affecting regions of neck and back, lumbosacral region
M54.08	Panniculitis affecting regions of neck and back, sacral and sacrococcygeal region
M54.09	Panniculitis affecting regions, neck and back, multiple sites in spine
M54.10	Radiculopathy, site unspecified
M54.11	Radiculopathy, occipito-atlanto-axial region
M54.12	Radiculopathy, cervical region
M54.13	Radiculopathy, cervicothoracic region
M54.14	Radiculopathy, thoracic region
M54.15	Radiculopathy, thoracolumbar region
M54.16	Radiculopathy, lumbar region
M54.17	Radiculopathy, lumbosacral region
M54.18	Radiculopathy, sacral and sacrococcygeal region
M54.2	Cervicalgia
M54.30	Sciatica, unspecified side
M54.31	Sciatica, right side
M54.32	Sciatica, left side
M54.40	Lumbago with sciatica, unspecified side
M54.41	Lumbago with sciatica, right side
M54.42	Lumbago with sciatica, left side
M54.50	Low back pain, unspecified
M54.51	Vertebrogenic low back pain
M54.59	Other low back pain
M54.6	Pain in thoracic spine
M54.81	Occipital neuralgia
M54.89	Other dorsalgia
M54.9	Dorsalgia, unspecified
M65.30	Trigger finger, unspecified finger
M65.311	Trigger thumb, right thumb
M65.312	Trigger thumb, left thumb
M65.319	Trigger thumb, unspecified thumb
M65.321	Trigger finger, right index finger
M65.322	Trigger finger, left index finger
M65.329	Trigger finger, unspecified index finger
M65.331	Trigger finger, right middle finger
M65.332	Trigger finger, left middle finger
M65.339	Trigger finger, unspecified middle finger
M65.341	Trigger finger, right ring finger
M65.342	Trigger finger, left ring finger
M65.349	Trigger finger, unspecified ring finger
M65.351	Trigger finger, right little finger
M65.352	Trigger finger, left little finger
M65.359	Trigger finger, unspecified little finger
M70.60	Trochanteric bursitis, unspecified hip
M70.61	Trochanteric bursitis, right hip
M70.62	Trochanteric bursitis, left hip
M70.70	Other bursitis of hip, unspecified hip
M70.71	Other bursitis of hip, right hip
M70.72	Other bursitis of hip, left hip
M72.2	Plantar fascial fibromatosis
M75.00	Adhesive capsulitis of unspecified shoulder
M75.01	Adhesive capsulitis of right shoulder
M75.02	Adhesive capsulitis of left shoulder
M75.100	Unspecified rotator cuff tear or rupture of unspecified shoulder, not specified as traumatic
M75.101	Unspecified rotator cuff tear or rupture of right shoulder, not specified as traumatic
M75.102	Unspecified rotator cuff tear or rupture of left shoulder, not specified as traumatic
M75.110	Incomplete rotator cuff tear or rupture of unspecified shoulder, not specified as traumatic
M75.111	Incomplete rotator cuff tear or rupture of right shoulder, not specified as traumatic
M75.112	Incomplete rotator cuff tear or rupture of left shoulder, not specified as traumatic
M75.120	Complete rotator cuff tear or rupture of unspecified shoulder, not specified as traumatic
M75.121	Complete rotator cuff tear or rupture of right shoulder, not specified as traumatic
M75.122	Complete rotator cuff tear or rupture of left shoulder, not specified as traumatic
M75.20	Bicipital tendinitis, unspecified shoulder
M75.21	Bicipital tendinitis, right shoulder
M75.22	Bicipital tendinitis, left shoulder
M75.30	Calcific tendinitis of unspecified shoulder
M75.31	Calcific tendinitis of right shoulder
M75.32	Calcific tendinitis of left shoulder
M75.40	Impingement syndrome of unspecified shoulder
M75.41	Impingement syndrome of right shoulder
M75.42	Impingement syndrome of left shoulder
M75.50	Bursitis of unspecified shoulder
M75.51	Bursitis of right shoulder
M75.52	Bursitis of left shoulder
M76.00	Gluteal tendinitis, unspecified hip
M76.01	Gluteal tendinitis, right hip
M76.02	Gluteal tendinitis, left hip
M76.10	Psoas tendinitis, unspecified hip
M76.11	Psoas tendinitis, right hip
M76.12	Psoas tendinitis, left hip
M76.20	Iliac crest spur, unspecified hip
M76.60	Achilles tendinitis, unspecified leg
M76.61	Achilles tendinitis, right leg
M76.62	Achilles tendinitis, left leg
M77.00	Medial epicondylitis, unspecified elbow
M77.01	Medial epicondylitis, right elbow
M77.02	Medial epicondylitis, left elbow
M77.10	Lateral epicondylitis, unspecified elbow
M77.11	Lateral epicondylitis, right elbow
M77.12	Lateral epicondylitis, left elbow
M79.641	Pain in right hand
M79.642	Pain in left hand
M79.643	Pain in unspecified hand
M79.644	Pain in right finger(s)
M79.645	Pain in left finger(s)
M79.646	Pain in unspecified finger(s)
M79.671	Pain in right foot
M79.672	Pain in left foot
M79.673	Pain in unspecified foot
M79.674	Pain in right toe(s)
M79.675	Pain in left toe(s)
M79.676	Pain in unspecified toe(s)
M94.261	Chondromalacia, right knee
M94.262	Chondromalacia, left knee
M94.269	Chondromalacia, unspecified knee
S13.4XXA	Sprain of ligaments of cervical spine, initial encounter
S13.4XXD	Sprain of ligaments of cervical spine, subsequent encounter
S13.4XXS	Sprain of ligaments of cervical spine, sequela
S16.1XXA	Strain of muscle, fascia and tendon at neck level, initial encounter
S16.1XXD	Strain of muscle, fascia and tendon at neck level, subsequent encounter
S16.1XXS	Strain of muscle, fascia and tendon at neck level, sequela
S33.5XXA	Sprain of ligaments of lumbar spine, initial encounter
S33.5XXD	Sprain of ligaments of lumbar spine, subsequent encounter
S33.5XXS	Sprain of ligaments of lumbar spine, sequela
S39.012A	Strain of muscle, fascia and tendon of lower back, initial encounter
S39.012D	Strain of muscle, fascia and tendon of lower back, subsequent encounter
S39.012S	Strain of muscle, fascia and tendon of lower back, sequela
S46.011A	Strain of muscle(s) and tendon(s) of the rotator cuff of right shoulder, initial encounter
S46.011D	Strain of muscle(s) and tendon(s) of the rotator cuff of right shoulder, subsequent encounter
S46.011S	Strain of muscle(s) and tendon(s) of the rotator cuff of right shoulder, sequela
S46.012A	Strain of muscle(s) and tendon(s) of the rotator cuff of left shoulder, initial encounter
S46.012D	Strain of muscle(s) and tendon(s) of the rotator cuff of left shoulder, subsequent encounter
S46.012S	Strain of muscle(s) and tendon(s) of the rotator cuff of left shoulder, sequela
S46.019A	Strain of muscle(s) and tendon(s) of the rotator cuff of unspecified shoulder, initial encounter
S46.019D	Strain of muscle(s) and tendon(s) of the rotator cuff of unspecified shoulder, subsequent encounter
S46.019S	Strain of muscle(s) and tendon(s) of the rotator cuff of unspecified shoulder, sequela
S70.00XA	Contusion of unspecified hip, initial encounter
S70.00XD	Contusion of unspecified hip, subsequent encounter
S70.00XS	Contusion of unspecified hip, sequela
S70.01XA	Contusion of right hip, initial encounter
S70.01XD	Contusion of right hip, subsequent encounter
S70.01XS	Contusion of right hip, sequela
S70.02XA	Contusion of left hip, initial encounter
S70.02XD	Contusion of left hip, subsequent encounter
S70.02XS	Contusion of left hip, sequela
S70.10XA	Contusion of unspecified thigh, initial encounter
S70.10XD	Contusion of unspecified thigh, subsequent encounter
S70.10XS	Contusion of unspecified thigh, sequela
S70.11XA	Contusion of right thigh, initial encounter
S70.11XD	Contusion of right thigh, subsequent encounter
S70.11XS	Contusion of right thigh, sequela
S70.12XA	Contusion of left thigh, initial encounter
S70.12XD	Contusion of left thigh, subsequent encounter
S70.12XS	Contusion of left thigh, sequela
S70.211A	Abrasion, right hip, initial encounter
S70.211D	Abrasion, right hip, subsequent encounter
S70.211S	Abrasion, right hip, sequela
S70.212A	Abrasion, left hip, initial encounter
S70.212D	Abrasion, left hip, subsequent encounter
S70.212S	Abrasion, left hip, sequela
S70.219A	Abrasion, unspecified hip, initial encounter
S70.219D	Abrasion, unspecified hip, subsequent encounter
S70.219S	Abrasion, unspecified hip, sequela
S70.221A	Blister (nonthermal), right hip, initial encounter
S70.221D	Blister (nonthermal), right hip, subsequent encounter
S70.221S	Blister (nonthermal), right hip, sequela
S70.222A	Blister (nonthermal), left hip, initial encounter
S70.222D	Blister (nonthermal), left hip, subsequent encounter
S70.222S	Blister (nonthermal), left hip, sequela
S70.229A	Blister (nonthermal), unspecified hip, initial encounter
S70.229D	Blister (nonthermal), unspecified hip, subsequent encounter
S70.229S	Blister (nonthermal), unspecified hip, sequela
S70.241A	External constriction, right hip, initial encounter
S70.241D	External constriction, right hip, subsequent encounter
S70.241S	External constriction, right hip, sequela
S70.242A	External constriction, left hip, initial encounter
S70.242D	External constriction, left hip, subsequent encounter
S70.242S	External constriction, left hip, sequela
S70.249A	External constriction, unspecified hip, initial encounter
S70.249D	External constriction, unspecified hip, subsequent encounter
S70.249S	External constriction, unspecified hip, sequela
S70.251A	Superficial foreign body, right hip, initial encounter
S70.251D	Superficial foreign body, right hip, subsequent encounter
S70.251S	Superficial foreign body, right hip, sequela
S70.252A	Superficial foreign body, left hip, initial encounter
S70.252D	Superficial foreign body, left hip, subsequent encounter
S70.252S	Superficial foreign body, left hip, sequela
S70.259A	Superficial foreign body, unspecified hip, initial encounter
S70.259D	Superficial foreign body, unspecified hip, subsequent encounter
S70.259S	Superficial foreign body, unspecified hip, sequela
S70.261A	Insect bite (nonvenomous), right hip, initial encounter
S70.261D	Insect bite (nonvenomous), right hip, subsequent encounter
S70.261S	Insect bite (nonvenomous), right hip, sequela
S70.262A	Insect bite (nonvenomous), left hip, initial encounter
S70.262D	Insect bite (nonvenomous), left hip, subsequent encounter
S70.262S	Insect bite (nonvenomous), left hip, sequela
S70.269A	Insect bite (nonvenomous), unspecified hip, initial encounter
S70.269D	Insect bite (nonvenomous), unspecified hip, subsequent encounter
S70.269S	Insect bite (nonvenomous), unspecified hip, sequela
S70.271A	Other superficial bite of hip, right hip, initial encounter
S70.271D	Other superficial bite of hip, right hip, subsequent encounter
S70.271S	Other superficial bite of hip, right hip, sequela
S70.272A	Other superficial bite of hip, left hip, initial encounter
S70.272D	Other superficial bite of hip, left hip, subsequent encounter
S70.272S	Other superficial bite of hip, left hip, sequela
S70.279A	Other superficial bite of hip, unspecified hip, initial encounter
S70.279D	Other superficial bite of hip, unspecified hip, subsequent encounter
S70.279S	Other superficial bite of hip, unspecified hip, sequela
S70.311A	Abrasion, right thigh, initial encounter
S70.311D	Abrasion, right thigh, subsequent encounter
S70.311S	Abrasion, right thigh, sequela
S70.312A	Abrasion, left thigh, initial encounter
S70.312D	Abrasion, left thigh, subsequent encounter
S70.312S	Abrasion, left thigh, sequela
S70.319A	Abrasion, unspecified thigh, initial encounter
S70.319D	Abrasion, unspecified thigh, subsequent encounter
S70.319S	Abrasion, unspecified thigh, sequela
S70.321A	Blister (nonthermal), right thigh, initial encounter
S70.321D	Blister (nonthermal), right thigh, subsequent encounter
S70.321S	Blister (nonthermal), right thigh, sequela
S70.322A	Blister (nonthermal), left thigh, initial encounter
S70.322D	Blister (nonthermal), left thigh, subsequent encounter
S70.322S	Blister (nonthermal), left thigh, sequela
S70.329A	Blister (nonthermal), unspecified thigh, initial encounter
S70.329D	Blister (nonthermal), unspecified thigh, subsequent encounter
S70.329S	Blister (nonthermal), unspecified thigh, sequela
S70.341A	External constriction, right thigh, initial encounter
S70.341D	External constriction, right thigh, subsequent encounter
S70.341S	External constriction, right thigh, sequela
S70.342A	External constriction, left thigh, initial encounter
S70.342D	External constriction, left thigh, subsequent encounter
S70.342S	External constriction, left thigh, sequela
S70.349A	External constriction, unspecified thigh, initial encounter
S70.349D	External constriction, unspecified thigh, subsequent encounter
S70.349S	External constriction, unspecified thigh, sequela
S70.351A	Superficial foreign body, right thigh, initial encounter
S70.351D	Superficial foreign body, right thigh, subsequent encounter
S70.351S	Superficial foreign body, right thigh, sequela
S70.352A	Superficial foreign body, left thigh, initial encounter
S70.352D	Superficial foreign body, left thigh, subsequent encounter
S70.352S	Superficial foreign body, left thigh, sequela
S70.359A	Superficial foreign body, unspecified thigh, initial encounter
S70.359D	Superficial foreign body, unspecified thigh, subsequent encounter
S70.359S	Superficial foreign body, unspecified thigh, sequela
S70.361A	Insect bite (nonvenomous), right thigh, initial encounter
S70.361D	Insect bite (nonvenomous), right thigh, subsequent encounter
S70.361S	Insect bite (nonvenomous), right thigh, sequela
S70.362A	Insect bite (nonvenomous), left thigh, initial encounter
S70.362D	Insect bite (nonvenomous), left thigh, subsequent encounter
S70.362S	Insect bite (nonvenomous), left thigh, sequela
S70.369A	Insect bite (nonvenomous), unspecified thigh, initial encounter
S70.369D	Insect bite (nonvenomous), unspecified thigh, subsequent encounter
S70.369S	Insect bite (nonvenomous), unspecified thigh, sequela
S70.371A	Other superficial bite of right thigh, initial encounter
S70.371D	Other superficial bite of right thigh, subsequent encounter
S70.371S	Other superficial bite of right thigh, sequela
S70.372A	Other superficial bite of left thigh, initial encounter
S70.372D	Other superficial bite of left thigh, subsequent encounter
S70.372S	Other superficial bite of left thigh, sequela
S70.379A	Other superficial bite of unspecified thigh, initial encounter
S70.379D	Other superficial bite of unspecified thigh, subsequent encounter
S70.379S	Other superficial bite of unspecified thigh, sequela
S70.911A	Unspecified superficial injury of right hip, initial encounter
S70.911D	Unspecified superficial injury of right hip, subsequent encounter
S70.911S	Unspecified superficial injury of right hip, sequela
S70.912A	Unspecified superficial injury of left hip, initial encounter
S70.912D	Unspecified superficial injury of left hip, subsequent encounter
S70.912S	Unspecified superficial injury of left hip, sequela
S70.919A	Unspecified superficial injury of unspecified hip, initial encounter
S70.919D	Unspecified superficial injury of unspecified hip, subsequent encounter
S70.919S	Unspecified superficial injury of unspecified hip, sequela
S70.921A	Unspecified superficial injury of right thigh, initial encounter
S70.921D	Unspecified superficial injury of right thigh, subsequent encounter
S70.921S	Unspecified superficial injury of right thigh, sequela
S70.922A	Unspecified superficial injury of left thigh, initial encounter
S70.922D	Unspecified superficial injury of left thigh, subsequent encounter
S70.922S	Unspecified superficial injury of left thigh, sequela
S70.929A	Unspecified superficial injury of unspecified thigh, initial encounter
S70.929D	Unspecified superficial injury of unspecified thigh, subsequent encounter
S70.929S	Unspecified superficial injury of unspecified thigh, sequela
S73.001A	Unspecified subluxation of right hip, initial encounter
S73.001D	Unspecified subluxation of right hip, subsequent encounter
S73.001S	Unspecified subluxation of right hip, sequela
S73.002A	Unspecified subluxation of left hip, initial encounter
S73.002D	Unspecified subluxation of left hip, subsequent encounter
S73.002S	Unspecified subluxation of left hip, sequela
S73.003A	Unspecified subluxation of unspecified hip, initial encounter
S73.003D	Unspecified subluxation of unspecified hip, subsequent encounter
S73.003S	Unspecified subluxation of unspecified hip, sequela
S73.004A	Unspecified dislocation of right hip, initial encounter
S73.004D	Unspecified dislocation of right hip, subsequent encounter
S73.004S	Unspecified dislocation of right hip, sequela
S73.005A	Unspecified dislocation of left hip, initial encounter
S73.005D	Unspecified dislocation of left hip, subsequent encounter
S73.005S	Unspecified dislocation of left hip, sequela
S73.006A	Unspecified dislocation of unspecified hip, initial encounter
S73.006D	Unspecified dislocation of unspecified hip, subsequent encounter
S73.006S	Unspecified dislocation of unspecified hip, sequela
S73.011A	Posterior subluxation of right hip, initial encounter
S73.011D	Posterior subluxation of right hip, subsequent encounter
S73.011S	Posterior subluxation of right hip, sequela
S73.012A	Posterior subluxation of left hip, initial encounter
S73.012D	Posterior subluxation of left hip, subsequent encounter
S73.012S	Posterior subluxation of left hip, sequela
S73.013A	Posterior subluxation of unspecified hip, initial encounter
S73.013D	Posterior subluxation of unspecified hip, subsequent encounter
S73.013S	Posterior subluxation of unspecified hip, sequela
S73.014A	Posterior dislocation of right hip, initial encounter
S73.014D	Posterior dislocation of right hip, subsequent encounter
S73.014S	Posterior dislocation of right hip, sequela
S73.015A	Posterior dislocation of left hip, initial encounter
S73.015D	Posterior dislocation of left hip, subsequent encounter
S73.015S	Posterior dislocation of left hip, sequela
S73.016A	Posterior dislocation of unspecified hip, initial encounter
S73.016D	Posterior dislocation of unspecified hip, subsequent encounter
S73.016S	Posterior dislocation of unspecified hip, sequela
S73.021A	Obturator subluxation of right hip, initial encounter
S73.021D	Obturator subluxation of right hip, subsequent encounter
S73.021S	Obturator subluxation of right hip, sequela
S73.022A	Obturator subluxation of left hip, initial encounter
S73.022D	Obturator subluxation of left hip, subsequent encounter
S73.022S	Obturator subluxation of left hip, sequela
S73.023A	Obturator subluxation of unspecified hip, initial encounter
S73.023D	Obturator subluxation of unspecified hip, subsequent encounter
S73.023S	Obturator subluxation of unspecified hip, sequela
S73.024A	Obturator dislocation of right hip, initial encounter
S73.024D	Obturator dislocation of right hip, subsequent encounter
S73.024S	Obturator dislocation of right hip, sequela
S73.025A	Obturator dislocation of left hip, initial encounter
S73.025D	Obturator dislocation of left hip, subsequent encounter
S73.025S	Obturator dislocation of left hip, sequela
S73.026A	Obturator dislocation of unspecified hip, initial encounter
S73.026D	Obturator dislocation of unspecified hip, subsequent encounter
S73.026S	Obturator dislocation of unspecified hip, sequela
S73.031A	Other anterior subluxation of right hip, initial encounter
S73.031D	Other anterior subluxation of right hip, subsequent encounter
S73.031S	Other anterior subluxation of right hip, sequela
S73.032A	Other anterior subluxation of left hip, initial encounter
S73.032D	Other anterior subluxation of left hip, subsequent encounter
S73.032S	Other anterior subluxation of left hip, sequela
S73.033A	Other anterior subluxation of unspecified hip, initial encounter
S73.033D	Other anterior subluxation of unspecified hip, subsequent encounter
S73.033S	Other anterior subluxation of unspecified hip, sequela
S73.034A	Other anterior dislocation of right hip, initial encounter
S73.034D	Other anterior dislocation of right hip, subsequent encounter
S73.034S	Other anterior dislocation of right hip, sequela
S73.035A	Other anterior dislocation of left hip, initial encounter
S73.035D	Other anterior dislocation of left hip, subsequent encounter
S73.035S	Other anterior dislocation of left hip, sequela
S73.036A	Other anterior dislocation of unspecified hip, initial encounter
S73.036D	Other anterior dislocation of unspecified hip, subsequent encounter
S73.036S	Other anterior dislocation of unspecified hip, sequela
S73.041A	Central subluxation of right hip, initial encounter
S73.041D	Central subluxation of right hip, subsequent encounter
S73.041S	Central subluxation of right hip, sequela
S73.042A	Central subluxation of left hip, initial encounter
S73.042D	Central subluxation of left hip, subsequent encounter
S73.042S	Central subluxation of left hip, sequela
S73.043A	Central subluxation of unspecified hip, initial encounter
S73.043D	Central subluxation of unspecified hip, subsequent encounter
S73.043S	Central subluxation of unspecified hip, sequela
S73.044A	Central dislocation of right hip, initial encounter
S73.044D	Central dislocation of right hip, subsequent encounter
S73.044S	Central dislocation of right hip, sequela
S73.045A	Central dislocation of left hip, initial encounter
S73.045D	Central dislocation of left hip, subsequent encounter
S73.045S	Central dislocation of left hip, sequela
S73.046A	Central dislocation of unspecified hip, initial encounter
S73.046D	Central dislocation of unspecified hip, subsequent encounter
S73.046S	Central dislocation of unspecified hip, sequela
S73.101A	Unspecified sprain of right hip, initial encounter
S73.101D	Unspecified sprain of right hip, subsequent encounter
S73.101S	Unspecified sprain of right hip, sequela
S73.102A	Unspecified sprain of left hip, initial encounter
S73.102D	Unspecified sprain of left hip, subsequent encounter
S73.102S	Unspecified sprain of left hip, sequela
S73.109A	Unspecified sprain of unspecified hip, initial encounter
S73.109D	Unspecified sprain of unspecified hip, subsequent encounter
S73.109S	Unspecified sprain of unspecified hip, sequela
S73.111A	Iliofemoral ligament sprain of right hip, initial encounter
S73.111D	Iliofemoral ligament sprain of right hip, subsequent encounter
S73.111S	Iliofemoral ligament sprain of right hip, sequela
S73.112A	Iliofemoral ligament sprain of left hip, initial encounter
S73.112D	Iliofemoral ligament sprain of left hip, subsequent encounter
S73.112S	Iliofemoral ligament sprain of left hip, sequela
S73.119A	Iliofemoral ligament sprain of unspecified hip, initial encounter
S73.119D	Iliofemoral ligament sprain of unspecified hip, subsequent encounter
S73.119S	Iliofemoral ligament sprain of unspecified hip, sequela
S73.121A	Ischiocapsular ligament sprain of right hip, initial encounter
S73.121D	Ischiocapsular ligament sprain of right hip, subsequent encounter
S73.121S	Ischiocapsular ligament sprain of right hip, sequela
S73.122A	Ischiocapsular ligament sprain of left hip, initial encounter
S73.122D	Ischiocapsular ligament sprain of left hip, subsequent encounter
S73.122S	Ischiocapsular ligament sprain of left hip, sequela
S73.129A	Ischiocapsular ligament sprain of unspecified hip, initial encounter
S73.129D	Ischiocapsular ligament sprain of unspecified hip, subsequent encounter
S73.129S	Ischiocapsular ligament sprain of unspecified hip, sequela
S73.191A	Other sprain of right hip, initial encounter
S73.191D	Other sprain of right hip, subsequent encounter
S73.191S	Other sprain of right hip, sequela
S73.192A	Other sprain of left hip, initial encounter
S73.192D	Other sprain of left hip, subsequent encounter
S73.192S	Other sprain of left hip, sequela
S73.199A	Other sprain of unspecified hip, initial encounter
S73.199D	Other sprain of unspecified hip, subsequent encounter
S73.199S	Other sprain of unspecified hip, sequela
S76.001A	Unspecified injury of muscle, fascia and tendon of right hip, initial encounter
S76.001D	Unspecified injury of muscle, fascia and tendon of right hip, subsequent encounter
S76.001S	Unspecified injury of muscle, fascia and tendon of right hip, sequela
S76.002A	Unspecified injury of muscle, fascia and tendon of left hip, initial encounter
S76.002D	Unspecified injury of muscle, fascia and tendon of left hip, subsequent encounter
S76.002S	Unspecified injury of muscle, fascia and tendon of left hip, sequela
S76.009A	Unspecified injury of muscle, fascia and tendon of unspecified hip, initial encounter
S76.009D	Unspecified injury of muscle, fascia and tendon of unspecified hip, subsequent encounter
S76.009S	Unspecified injury of muscle, fascia and tendon of unspecified hip, sequela
S76.011A	Strain of muscle, fascia and tendon of right hip, initial encounter
S76.011D	Strain of muscle, fascia and tendon of right hip, subsequent encounter
S76.011S	Strain of muscle, fascia and tendon of right hip, sequela
S76.012A	Strain of muscle, fascia and tendon of left hip, initial encounter
S76.012D	Strain of muscle, fascia and tendon of left hip, subsequent encounter
S76.012S	Strain of muscle, fascia and tendon of left hip, sequela
S76.019A	Strain of muscle, fascia and tendon of unspecified hip, initial encounter
S76.019D	Strain of muscle, fascia and tendon of unspecified hip, subsequent encounter
S76.019S	Strain of muscle, fascia and tendon of unspecified hip, sequela
S76.021A	Laceration of muscle, fascia and tendon of right hip, initial encounter
S76.021D	Laceration of muscle, fascia and tendon of right hip, subsequent encounter
S76.021S	Laceration of muscle, fascia and tendon of right hip, sequela
S76.022A	Laceration of muscle, fascia and tendon of left hip, initial encounter
S76.022D	Laceration of muscle, fascia and tendon of left hip, subsequent encounter
S76.022S	Laceration of muscle, fascia and tendon of left hip, sequela
S76.029A	Laceration of muscle, fascia and tendon of unspecified hip, initial encounter
S76.029D	Laceration of muscle, fascia and tendon of unspecified hip, subsequent encounter
S76.029S	Laceration of muscle, fascia and tendon of unspecified hip, sequela
S76.091A	Other specified injury of muscle, fascia and tendon of right hip, initial encounter
S76.091D	Other specified injury of muscle, fascia and tendon of right hip, subsequent encounter
S76.091S	Other specified injury of muscle, fascia and tendon of right hip, sequela
S76.092A	Other specified injury of muscle, fascia and tendon of left hip, initial encounter
S76.092D	Other specified injury of muscle, fascia and tendon of left hip, subsequent encounter
S76.092S	Other specified injury of muscle, fascia and tendon of left hip, sequela
S76.099A	Other specified injury of muscle, fascia and tendon of unspecified hip, initial encounter
S76.099D	Other specified injury of muscle, fascia and tendon of unspecified hip, subsequent encounter
S76.099S	Other specified injury of muscle, fascia and tendon of unspecified hip, sequela
S76.101A	Unspecified injury of right quadriceps muscle, fascia and tendon, initial encounter
S76.101D	Unspecified injury of right quadriceps muscle, fascia and tendon, subsequent encounter
S76.101S	Unspecified injury of right quadriceps muscle, fascia and tendon, sequela
S76.102A	Unspecified injury of left quadriceps muscle, fascia and tendon, initial encounter
S76.102D	Unspecified injury of left quadriceps muscle, fascia and tendon, subsequent encounter
S76.102S	Unspecified injury of left quadriceps muscle, fascia and tendon, sequela
S76.109A	Unspecified injury of unspecified quadriceps muscle, fascia and tendon, initial encounter
S76.109D	Unspecified injury of unspecified quadriceps muscle, fascia and tendon, subsequent encounter
S76.109S	Unspecified injury of unspecified quadriceps muscle, fascia and tendon, sequela
S76.111A	Strain of right quadriceps muscle, fascia and tendon, initial encounter
S76.111D	Strain of right quadriceps muscle, fascia and tendon, subsequent encounter
S76.111S	Strain of right quadriceps muscle, fascia and tendon, sequela
S76.112A	Strain of left quadriceps muscle, fascia and tendon, initial encounter
S76.112D	Strain of left quadriceps muscle, fascia and tendon, subsequent encounter
S76.112S	Strain of left quadriceps muscle, fascia and tendon, sequela
S76.119A	Strain of unspecified quadriceps muscle, fascia and tendon, initial encounter
S76.119D	Strain of unspecified quadriceps muscle, fascia and tendon, subsequent encounter
S76.119S	Strain of unspecified quadriceps muscle, fascia and tendon, sequela
S76.121A	Laceration of right quadriceps muscle, fascia and tendon, initial encounter
S76.121D	Laceration of right quadriceps muscle, fascia and tendon, subsequent encounter
S76.121S	Laceration of right quadriceps muscle, fascia and tendon, sequela
S76.122A	Laceration of left quadriceps muscle, fascia and tendon, initial encounter
S76.122D	Laceration of left quadriceps muscle, fascia and tendon, subsequent encounter
S76.122S	Laceration of left quadriceps muscle, fascia and tendon, sequela
S76.129A	Laceration of unspecified quadriceps muscle, fascia and tendon, initial encounter
S76.129D	Laceration of unspecified quadriceps muscle, fascia and tendon, subsequent encounter
S76.129S	Laceration of unspecified quadriceps muscle, fascia and tendon, sequela
S76.191A	Other specified injury of right quadriceps muscle, fascia and tendon, initial encounter
S76.191D	Other specified injury of right quadriceps muscle, fascia and tendon, subsequent encounter
S76.191S	Other specified injury of right quadriceps muscle, fascia and tendon, sequela
S76.192A	Other specified injury of left quadriceps muscle, fascia and tendon, initial encounter
S76.192D	Other specified injury of left quadriceps muscle, fascia and tendon, subsequent encounter
S76.192S	Other specified injury of left quadriceps muscle, fascia and tendon, sequela
S76.199A	Other specified injury of unspecified quadriceps muscle, fascia and tendon, initial encounter
S76.199D	Other specified injury of unspecified quadriceps muscle, fascia and tendon, subsequent encounter
S76.199S	Other specified injury of unspecified quadriceps muscle, fascia and tendon, sequela
S76.201A	Unspecified injury of adductor muscle, fascia and tendon of right thigh, initial encounter
S76.201D	Unspecified injury of adductor muscle, fascia and tendon of right thigh, subsequent encounter
S76.201S	Unspecified injury of adductor muscle, fascia and tendon of right thigh, sequela
S76.202A	Unspecified injury of adductor muscle, fascia and tendon of left thigh, initial encounter
S76.202D	Unspecified injury of adductor muscle, fascia and tendon of left thigh, subsequent encounter
S76.202S	Unspecified injury of adductor muscle, fascia and tendon of left thigh, sequela
S76.209A	Unspecified injury of adductor muscle, fascia and tendon of unspecified thigh, initial encounter
S76.209D	Unspecified injury of adductor muscle, fascia and tendon of unspecified thigh, subsequent encounter
S76.209S	Unspecified injury of adductor muscle, fascia and tendon of unspecified thigh, sequela
S76.211A	Strain of adductor muscle, fascia and tendon of right thigh, initial encounter
S76.211D	Strain of adductor muscle, fascia and tendon of right thigh, subsequent encounter
S76.211S	Strain of adductor muscle, fascia and tendon of right thigh, sequela
S76.212A	Strain of adductor muscle, fascia and tendon of left thigh, initial encounter
S76.212D	Strain of adductor muscle, fascia and tendon of left thigh, subsequent encounter
S76.212S	Strain of adductor muscle, fascia and tendon of left thigh, sequela
S76.219A	Strain of adductor muscle, fascia and tendon of unspecified thigh, initial encounter
S76.219D	Strain of adductor muscle, fascia and tendon of unspecified thigh, subsequent encounter
S76.219S	Strain of adductor muscle, fascia and tendon of unspecified thigh, sequela
S76.221A	Laceration of adductor muscle, fascia and tendon of right thigh, initial encounter
S76.221D	Laceration of adductor muscle, fascia and tendon of right thigh, subsequent encounter
S76.221S	Laceration of adductor muscle, fascia and tendon of right thigh, sequela
S76.222A	Laceration of adductor muscle, fascia and tendon of left thigh, initial encounter
S76.222D	Laceration of adductor muscle, fascia and tendon of left thigh, subsequent encounter
S76.222S	Laceration of adductor muscle, fascia and tendon of left thigh, sequela
S76.229A	Laceration of adductor muscle, fascia and tendon of unspecified thigh, initial encounter
S76.229D	Laceration of adductor muscle, fascia and tendon of unspecified thigh, subsequent encounter
S76.229S	Laceration of adductor muscle, fascia and tendon of unspecified thigh, sequela
S76.291A	Other injury of adductor muscle, fascia and tendon of right thigh, initial encounter
S76.291D	Other injury of adductor muscle, fascia and tendon of right thigh, subsequent encounter
S76.291S	Other injury of adductor muscle, fascia and tendon of right thigh, sequela
S76.292A	Other injury of adductor muscle, fascia and tendon of left thigh, initial encounter
S76.292D	Other injury of adductor muscle, fascia and tendon of left thigh, subsequent encounter
S76.292S	Other injury of adductor muscle, fascia and tendon of left thigh, sequela
S76.299A	Other injury of adductor muscle, fascia and tendon of unspecified thigh, initial encounter
S76.299D	Other injury of adductor muscle, fascia and tendon of unspecified thigh, subsequent encounter
S76.299S	Other injury of adductor muscle, fascia and tendon of unspecified thigh, sequela
S76.301A	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, initial encounter
S76.301D	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, subsequent encounter
S76.301S	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, sequela
S76.302A	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, initial encounter
S76.302D	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, subsequent encounter
S76.302S	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, sequela
S76.309A	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, initial encounter
S76.309D	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, subsequent encounter
S76.309S	Unspecified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, sequela
S76.311A	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, initial encounter
S76.311D	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, subsequent encounter
S76.311S	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, sequela
S76.312A	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, initial encounter
S76.312D	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, subsequent encounter
S76.312S	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, sequela
S76.319A	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, initial encounter
S76.319D	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, subsequent encounter
S76.319S	Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, sequela
S76.321A	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, initial encounter
S76.321D	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, subsequent encounter
S76.321S	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, sequela
S76.322A	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, initial encounter
S76.322D	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, subsequent encounter
S76.322S	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, sequela
S76.329A	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, initial encounter
S76.329D	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, subsequent encounter
S76.329S	Laceration of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, sequela
S76.391A	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, initial encounter
S76.391D	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, subsequent encounter
S76.391S	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, sequela
S76.392A	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, initial encounter
S76.392D	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, subsequent encounter
S76.392S	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, sequela
S76.399A	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, initial encounter
S76.399D	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, subsequent encounter
S76.399S	Other specified injury of muscle, fascia and tendon of the posterior muscle group at thigh level, unspecified thigh, sequela
S76.801A	Unspecified injury of other specified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.801D	Unspecified injury of other specified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.801S	Unspecified injury of other specified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.802A	Unspecified injury of other specified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.802D	Unspecified injury of other specified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.802S	Unspecified injury of other specified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.809A	Unspecified injury of other specified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.809D	Unspecified injury of other specified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.809S	Unspecified injury of other specified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.811A	Strain of other specified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.811D	Strain of other specified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.811S	Strain of other specified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.812A	Strain of other specified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.812D	Strain of other specified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.812S	Strain of other specified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.819A	Strain of other specified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.819D	Strain of other specified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.819S	Strain of other specified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.821A	Laceration of other specified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.821D	Laceration of other specified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.821S	Laceration of other specified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.822A	Laceration of other specified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.822D	Laceration of other specified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.822S	Laceration of other specified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.829A	Laceration of other specified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.829D	Laceration of other specified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.829S	Laceration of other specified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.891A	Other injury of other specified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.891D	Other injury of other specified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.891S	Other injury of other specified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.892A	Other injury of other specified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.892D	Other injury of other specified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.892S	Other injury of other specified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.899A	Other injury of other specified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.899D	Other injury of other specified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.899S	Other injury of other specified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.901A	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.901D	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.901S	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.902A	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.902D	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.902S	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.909A	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.909D	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.909S	Unspecified injury of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.911A	Strain of unspecified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.911D	Strain of unspecified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.911S	Strain of unspecified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.912A	Strain of unspecified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.912D	Strain of unspecified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.912S	Strain of unspecified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.919A	Strain of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.919D	Strain of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.919S	Strain of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.921A	Laceration of unspecified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.921D	Laceration of unspecified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.921S	Laceration of unspecified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.922A	Laceration of unspecified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.922D	Laceration of unspecified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.922S	Laceration of unspecified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.929A	Laceration of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.929D	Laceration of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.929S	Laceration of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S76.991A	Other specified injury of unspecified muscles, fascia and tendons at thigh level, right thigh, initial encounter
S76.991D	Other specified injury of unspecified muscles, fascia and tendons at thigh level, right thigh, subsequent encounter
S76.991S	Other specified injury of unspecified muscles, fascia and tendons at thigh level, right thigh, sequela
S76.992A	Other specified injury of unspecified muscles, fascia and tendons at thigh level, left thigh, initial encounter
S76.992D	Other specified injury of unspecified muscles, fascia and tendons at thigh level, left thigh, subsequent encounter
S76.992S	Other specified injury of unspecified muscles, fascia and tendons at thigh level, left thigh, sequela
S76.999A	Other specified injury of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, initial encounter
S76.999D	Other specified injury of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, subsequent encounter
S76.999S	Other specified injury of unspecified muscles, fascia and tendons at thigh level, unspecified thigh, sequela
S83.200A	Bucket-handle tear of unspecified meniscus, current injury, right knee, initial encounter
S83.200D	Bucket-handle tear of unspecified meniscus, current injury, right knee, subsequent encounter
S83.200S	Bucket-handle tear of unspecified meniscus, current injury, right knee, sequela
S83.201A	Bucket-handle tear of unspecified meniscus, current injury, left knee, initial encounter
S83.201D	Bucket-handle tear of unspecified meniscus, current injury, left knee, subsequent encounter
S83.201S	Bucket-handle tear of unspecified meniscus, current injury, left knee, sequela
S83.202A	Bucket-handle tear of unspecified meniscus, current injury, unspecified knee, initial encounter
S83.202D	Bucket-handle tear of unspecified meniscus, current injury, unspecified knee, subsequent encounter
S83.202S	Bucket-handle tear of unspecified meniscus, current injury, unspecified knee, sequela
S83.203A	Other tear of unspecified meniscus, current injury, right knee, initial encounter
S83.203D	Other tear of unspecified meniscus, current injury, right knee, subsequent encounter
S83.203S	Other tear of unspecified meniscus, current injury, right knee, sequela
S83.204A	Other tear of unspecified meniscus, current injury, left knee, initial encounter
S83.204D	Other tear of unspecified meniscus, current injury, left knee, subsequent encounter
S83.204S	Other tear of unspecified meniscus, current injury, left knee, sequela
S83.205A	Other tear of unspecified meniscus, current injury, unspecified knee, initial encounter
S83.205D	Other tear of unspecified meniscus, current injury, unspecified knee, subsequent encounter
S83.205S	Other tear of unspecified meniscus, current injury, unspecified knee, sequela
S83.206A	Unspecified tear of unspecified meniscus, current injury, right knee, initial encounter
S83.206D	Unspecified tear of unspecified meniscus, current injury, right knee, subsequent encounter
S83.206S	Unspecified tear of unspecified meniscus, current injury, right knee, sequela
S83.207A	Unspecified tear of unspecified meniscus, current injury, left knee, initial encounter
S83.207D	Unspecified tear of unspecified meniscus, current injury, left knee, subsequent encounter
S83.207S	Unspecified tear of unspecified meniscus, current injury, left knee, sequela
S83.209A	Unspecified tear of unspecified meniscus, current injury, unspecified knee, initial encounter
S83.209D	Unspecified tear of unspecified meniscus, current injury, unspecified knee, subsequent encounter
S83.209S	Unspecified tear of unspecified meniscus, current injury, unspecified knee, sequela
S83.211A	Bucket-handle tear of medial meniscus, current injury, right knee, initial encounter
S83.211D	Bucket-handle tear of medial meniscus, current injury, right knee, subsequent encounter
S83.211S	Bucket-handle tear of medial meniscus, current injury, right knee, sequela
S83.212A	Bucket-handle tear of medial meniscus, current injury, left knee, initial encounter
S83.212D	Bucket-handle tear of medial meniscus, current injury, left knee, subsequent encounter
S83.212S	Bucket-handle tear of medial meniscus, current injury, left knee, sequela
S83.219A	Bucket-handle tear of medial meniscus, current injury, unspecified knee, initial encounter
S83.219D	Bucket-handle tear of medial meniscus, current injury, unspecified knee, subsequent encounter
S83.219S	Bucket-handle tear of medial meniscus, current injury, unspecified knee, sequela
S83.221A	Peripheral tear of medial meniscus, current injury, right knee, initial encounter
S83.221D	Peripheral tear of medial meniscus, current injury, right knee, subsequent encounter
S83.221S	Peripheral tear of medial meniscus, current injury, right knee, sequela
S83.222A	Peripheral tear of medial meniscus, current injury, left knee, initial encounter
S83.222D	Peripheral tear of medial meniscus, current injury, left knee, subsequent encounter
S83.222S	Peripheral tear of medial meniscus, current injury, left knee, sequela
S83.229A	Peripheral tear of medial meniscus, current injury, unspecified knee, initial encounter
S83.229D	Peripheral tear of medial meniscus, current injury, unspecified knee, subsequent encounter
S83.229S	Peripheral tear of medial meniscus, current injury, unspecified knee, sequela
S83.231A	Complex tear of medial meniscus, current injury, right knee, initial encounter
S83.231D	Complex tear of medial meniscus, current injury, right knee, subsequent encounter
S83.231S	Complex tear of medial meniscus, current injury, right knee, sequela
S83.232A	Complex tear of medial meniscus, current injury, left knee, initial encounter
S83.232D	Complex tear of medial meniscus, current injury, left knee, subsequent encounter
S83.232S	Complex tear of medial meniscus, current injury, left knee, sequela
S83.239A	Complex tear of medial meniscus, current injury, unspecified knee, initial encounter
S83.239D	Complex tear of medial meniscus, current injury, unspecified knee, subsequent encounter
S83.239S	Complex tear of medial meniscus, current injury, unspecified knee, sequela
S83.241A	Other tear of medial meniscus, current injury, right knee, initial encounter
S83.241D	Other tear of medial meniscus, current injury, right knee, subsequent encounter
S83.241S	Other tear of medial meniscus, current injury, right knee, sequela
S83.242A	Other tear of medial meniscus, current injury, left knee, initial encounter
S83.242D	Other tear of medial meniscus, current injury, left knee, subsequent encounter
S83.242S	Other tear of medial meniscus, current injury, left knee, sequela
S83.249A	Other tear of medial meniscus, current injury, unspecified knee, initial encounter
S83.249D	Other tear of medial meniscus, current injury, unspecified knee, subsequent encounter
S83.249S	Other tear of medial meniscus, current injury, unspecified knee, sequela
S83.251A	Bucket-handle tear of lateral meniscus, current injury, right knee, initial encounter
S83.251D	Bucket-handle tear of lateral meniscus, current injury, right knee, subsequent encounter
S83.251S	Bucket-handle tear of lateral meniscus, current injury, right knee, sequela
S83.252A	Bucket-handle tear of lateral meniscus, current injury, left knee, initial encounter
S83.252D	Bucket-handle tear of lateral meniscus, current injury, left knee, subsequent encounter
S83.252S	Bucket-handle tear of lateral meniscus, current injury, left knee, sequela
S83.259A	Bucket-handle tear of lateral meniscus, current injury, unspecified knee, initial encounter
S83.259D	Bucket-handle tear of lateral meniscus, current injury, unspecified knee, subsequent encounter
S83.259S	Bucket-handle tear of lateral meniscus, current injury, unspecified knee, sequela
S83.261A	Peripheral tear of lateral meniscus, current injury, right knee, initial encounter
S83.261D	Peripheral tear of lateral meniscus, current injury, right knee, subsequent encounter
S83.261S	Peripheral tear of lateral meniscus, current injury, right knee, sequela
S83.262A	Peripheral tear of lateral meniscus, current injury, left knee, initial encounter
S83.262D	Peripheral tear of lateral meniscus, current injury, left knee, subsequent encounter
S83.262S	Peripheral tear of lateral meniscus, current injury, left knee, sequela
S83.269A	Peripheral tear of lateral meniscus, current injury, unspecified knee, initial encounter
S83.269D	Peripheral tear of lateral meniscus, current injury, unspecified knee, subsequent encounter
S83.269S	Peripheral tear of lateral meniscus, current injury, unspecified knee, sequela
S83.271A	Complex tear of lateral meniscus, current injury, right knee, initial encounter
S83.271D	Complex tear of lateral meniscus, current injury, right knee, subsequent encounter
S83.271S	Complex tear of lateral meniscus, current injury, right knee, sequela
S83.272A	Complex tear of lateral meniscus, current injury, left knee, initial encounter
S83.272D	Complex tear of lateral meniscus, current injury, left knee, subsequent encounter
S83.272S	Complex tear of lateral meniscus, current injury, left knee, sequela
S83.279A	Complex tear of lateral meniscus, current injury, unspecified knee, initial encounter
S83.279D	Complex tear of lateral meniscus, current injury, unspecified knee, subsequent encounter
S83.279S	Complex tear of lateral meniscus, current injury, unspecified knee, sequela
S83.281A	Other tear of lateral meniscus, current injury, right knee, initial encounter
S83.281D	Other tear of lateral meniscus, current injury, right knee, subsequent encounter
S83.281S	Other tear of lateral meniscus, current injury, right knee, sequela
S83.282A	Other tear of lateral meniscus, current injury, left knee, initial encounter
S83.282D	Other tear of lateral meniscus, current injury, left knee, subsequent encounter
S83.282S	Other tear of lateral meniscus, current injury, left knee, sequela
S83.289A	Other tear of lateral meniscus, current injury, unspecified knee, initial encounter
S83.289D	Other tear of lateral meniscus, current injury, unspecified knee, subsequent encounter
S83.289S	Other tear of lateral meniscus, current injury, unspecified knee, sequela
S83.511A	Sprain of anterior cruciate ligament of right knee, initial encounter
S83.511D	Sprain of anterior cruciate ligament of right knee, subsequent encounter
S83.511S	Sprain of anterior cruciate ligament of right knee, sequela
S83.512A	Sprain of anterior cruciate ligament of left knee, initial encounter
S83.512D	Sprain of anterior cruciate ligament of left knee, subsequent encounter
S83.512S	Sprain of anterior cruciate ligament of left knee, sequela
S83.519A	Sprain of anterior cruciate ligament of unspecified knee, initial encounter
S83.519D	Sprain of anterior cruciate ligament of unspecified knee, subsequent encounter
S83.519S	Sprain of anterior cruciate ligament of unspecified knee, sequela
S86.011A	Strain of right Achilles tendon, initial encounter
S86.011D	Strain of right Achilles tendon, subsequent encounter
S86.011S	Strain of right Achilles tendon, sequela
S86.012A	Strain of left Achilles tendon, initial encounter
S86.012D	Strain of left Achilles tendon, subsequent encounter
S86.012S	Strain of left Achilles tendon, sequela
S86.019A	Strain of unspecified Achilles tendon, initial encounter
S86.019D	Strain of unspecified Achilles tendon, subsequent encounter
S86.019S	Strain of unspecified Achilles tendon, sequela
S93.401A	Sprain of unspecified ligament of right ankle, initial encounter
S93.401D	Sprain of unspecified ligament of right ankle, subsequent encounter
S93.401S	Sprain of unspecified ligament of right ankle, sequela
S93.402A	Sprain of unspecified ligament of left ankle, initial encounter
S93.402D	Sprain of unspecified ligament of left ankle, subsequent encounter
S93.402S	Sprain of unspecified ligament of left ankle, sequela
S93.409A	Sprain of unspecified ligament of unspecified ankle, initial encounter
S93.409D	Sprain of unspecified ligament of unspecified ankle, subsequent encounter
S93.409S	Sprain of unspecified ligament of unspecified ankle, sequela
S93.411A	Sprain of calcaneofibular ligament of right ankle, initial encounter
S93.411D	Sprain of calcaneofibular ligament of right ankle, subsequent encounter
S93.411S	Sprain of calcaneofibular ligament of right ankle, sequela
S93.412A	Sprain of calcaneofibular ligament of left ankle, initial encounter
S93.412D	Sprain of calcaneofibular ligament of left ankle, subsequent encounter
S93.412S	Sprain of calcaneofibular ligament of left ankle, sequela
S93.419A	Sprain of calcaneofibular ligament of unspecified ankle, initial encounter
S93.419D	Sprain of calcaneofibular ligament of unspecified ankle, subsequent encounter
S93.419S	Sprain of calcaneofibular ligament of unspecified ankle, sequela
S93.431A	Sprain of tibiofibular ligament of right ankle, initial encounter
S93.431D	Sprain of tibiofibular ligament of right ankle, subsequent encounter
S93.431S	Sprain of tibiofibular ligament of right ankle, sequela
S93.432A	Sprain of tibiofibular ligament of left ankle, initial encounter
S93.432D	Sprain of tibiofibular ligament of left ankle, subsequent encounter
S93.432S	Sprain of tibiofibular ligament of left ankle, sequela
S93.439A	Sprain of tibiofibular ligament of unspecified ankle, initial encounter
S93.439D	Sprain of tibiofibular ligament of unspecified ankle, subsequent encounter
S93.439S	Sprain of tibiofibular ligament of unspecified ankle, sequela
S93.491A	Sprain of other ligament of right ankle, initial encounter
S93.491D	Sprain of other ligament of right ankle, subsequent encounter
S93.491S	Sprain of other ligament of right ankle, sequela
S93.492A	Sprain of other ligament of left ankle, initial encounter
S93.492D	Sprain of other ligament of left ankle, subsequent encounter
S93.492S	Sprain of other ligament of left ankle, sequela
S93.499A	Sprain of other ligament of unspecified ankle, initial encounter
S93.499D	Sprain of other ligament of unspecified ankle, subsequent encounter
S93.499S	Sprain of other ligament of unspecified ankle, sequela
Z47.1	Aftercare following joint replacement surgery
Z47.89	Encounter for other orthopedic aftercare
Z96.611	Presence of right artificial shoulder joint
Z96.612	Presence of left artificial shoulder joint
Z96.619	Presence of unspecified artificial shoulder joint
Z96.621	Presence of right artificial elbow joint
Z96.622	Presence of left artificial elbow joint
Z96.629	Presence of unspecified artificial elbow joint
Z96.631	Presence of right artificial wrist joint
Z96.632	Presence of left artificial wrist joint
Z96.639	Presence of unspecified artificial wrist joint
Z96.641	Presence of right artificial hip joint
Z96.642	Presence of left artificial hip joint
Z96.643	Presence of artificial hip joint, bilateral
Z96.649	Presence of unspecified artificial hip joint
Z96.651	Presence of right artificial knee joint
Z96.652	Presence of left artificial knee joint
Z96.653	Presence of artificial knee joint, bilateral
Z96.659	Presence of unspecified artificial knee joint
Z96.661	Presence of right artificial ankle joint
Z96.662	Presence of left artificial ankle joint
Z96.669	Presence of unspecified artificial ankle joint
Z96.691	Finger-joint replacement of right hand
Z96.692	Finger-joint replacement of left hand
Z96.693	Finger-joint replacement, bilateral
Z98.890	Other specified postprocedural states
"""
