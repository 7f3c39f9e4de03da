import Testing
import EmberNN

// Recorded from PyTorch 2.15 (torch.manual_seed(1)): P1 = randn(2, 3), P2 = randn(3),
// C1 = randn(2, 3), C2 = randn(3), S1 = rand(2, 3) + 0.5. Each step:
//     opt.zero_grad(); loss = ((p1 - C1) * (p1 - C1) * S1).sum() + ((p2 - C2) * (p2 - C2)).sum()
//     loss.backward(); opt.step()
// starting from p1 = P1.clone().requires_grad_(), p2 = P2.clone().requires_grad_().

enum OptimData {
    static var P1: Tensor { Tensor([0.6613521575927734, 0.266924113035202, 0.06167725846171379, 0.6213173270225525, -0.4519059658050537, -0.16613022983074188], shape: [2, 3], dtype: .float32) }
    static var P2: Tensor { Tensor([-1.522768497467041, 0.38168391585350037, -1.0276086330413818], shape: [3], dtype: .float32) }
    static var C1: Tensor { Tensor([-0.563052773475647, -0.8922905325889587, -0.05825017765164375, -0.19550958275794983, -0.9656359553337097, 0.4224153161048889], shape: [2, 3], dtype: .float32) }
    static var C2: Tensor { Tensor([0.267316997051239, -0.4211951494216919, -0.510699987411499], shape: [3], dtype: .float32) }
    static var S1: Tensor { Tensor([1.4390559196472168, 0.9167155027389526, 1.213979721069336, 0.7676442861557007, 1.4906089305877686, 0.7884507775306702], shape: [2, 3], dtype: .float32) }
}

@Suite struct OptimizerValueTests {
    // torch.optim.SGD(ps, lr=0.1)
    @Test func sgdPlain() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.1) }
        expectValues(ps[0], [-0.3387158215045929, -0.47121304273605347, -0.02839750610291958, 0.15945973992347717, -0.8781287670135498, 0.17287574708461761], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-0.3192582428455353, -0.15810774266719818, -0.6800805926322937], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == [])
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == [])
    }

    // torch.optim.SGD(ps, lr=0.05, momentum=0.9)
    @Test func sgdMomentum() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.05, momentum: 0.9) }
        expectValues(ps[0], [-0.9576235413551331, -0.8500287532806396, -0.08017097413539886, -0.06285639107227325, -1.1460365056991577, 0.3375736176967621], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [0.3195158839225769, -0.44460710883140564, -0.49562695622444153], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [7.026087760925293, 5.683369159698486, 0.6627264022827148, 3.6178746223449707, 2.9580605030059814, -2.6496973037719727], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [-9.163805961608887, 4.110098361968994, -2.646158218383789], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.3)
    @Test func sgdMomentumDampening() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.05, momentum: 0.9, dampening: 0.3) }
        expectValues(ps[0], [-0.7404129505157471, -0.6683523058891296, -0.05934944003820419, 0.05364939942955971, -1.054969072341919, 0.25232985615730286], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [0.027888089418411255, -0.31380781531333923, -0.5798379778862], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [6.250701427459717, 4.684613227844238, 0.569009006023407, 2.9278640747070312, 2.6549386978149414, -2.1496810913085938], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [-7.635627269744873, 3.4246885776519775, -2.204878807067871], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)
    @Test func sgdNesterov() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.05, momentum: 0.8, nesterov: true) }
        expectValues(ps[0], [-0.7466525435447693, -0.7850838899612427, -0.06597541272640228, -0.03800935298204422, -1.0509111881256104, 0.3177306354045868], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [0.19034992158412933, -0.38667431473731995, -0.5329251885414124], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [4.330372333526611, 3.9243991374969482, 0.4296591877937317, 2.574702501296997, 1.801414966583252, -1.8778623342514038], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [-6.219370365142822, 2.7894771099090576, -1.7959178686141968], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.1)
    @Test func sgdWeightDecayMomentum() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.05, momentum: 0.9, weightDecay: 0.1) }
        expectValues(ps[0], [-0.9664369821548462, -0.8498539924621582, -0.08131449669599533, -0.08783652633428574, -1.116708755493164, 0.34021347761154175], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [0.3736019730567932, -0.4535570740699768, -0.4501395523548126], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [6.940737724304199, 5.60621452331543, 0.6577039957046509, 3.702934980392456, 2.782052993774414, -2.6298654079437256], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [-9.301176071166992, 4.096627712249756, -2.832327365875244], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.01, nesterov=True)
    @Test func sgdWeightDecayNesterov() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true) }
        expectValues(ps[0], [-0.9427945017814636, -0.9489161372184753, -0.08477158844470978, -0.1464710235595703, -1.1299852132797241, 0.39525535702705383], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [0.45862850546836853, -0.5053406357765198, -0.45221665501594543], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [5.196375846862793, 4.738487243652344, 0.5174188613891602, 3.1248998641967773, 2.149401903152466, -2.271526575088501], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [-7.525241374969482, 3.3688724040985107, -2.1853084564208984], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.SGD(ps, lr=0.01, momentum=0.5, maximize=True)
    @Test func sgdMaximize() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD(ps, lr: 0.01, momentum: 0.5, maximize: true) }
        expectValues(ps[0], [0.9650062918663025, 0.4457118511199951, 0.08650945872068405, 0.7260883450508118, -0.3196234405040741, -0.2437412440776825], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.8250980377197266, 0.5172830820083618, -1.1149098873138428], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [-7.776051044464111, -4.477198123931885, -0.6298714876174927, -2.606606960296631, -3.394866943359375, 1.9326571226119995], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [7.598369598388672, -3.407977819442749, 2.194120407104492], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.SGD([{'params': [ps[0]]}, {'params': [ps[1]], 'lr': 0.01, 'momentum': 0.5}], lr=0.1, momentum=0.9)
    @Test func sgdGroups() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in SGD([ParamGroup([ps[0]]), ParamGroup([ps[1]], lr: 0.01, ["momentum": 0.5])], lr: 0.1, momentum: 0.9) }
        expectValues(ps[0], [-1.5050495862960815, -1.490741491317749, -0.1424102783203125, -0.5020806789398193, -1.3648793697357178, 0.6561214327812195], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.2472941875457764, 0.258129745721817, -0.9480621218681335], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[0]?["momentum_buffer"], [1.9307241439819336, 3.267974615097046, 0.2728999853134155, 2.3551952838897705, 0.7139884829521179, -1.6973572969436646], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["momentum_buffer"])
        expectValues(optimizer.stateDict().state[1]?["momentum_buffer"], [-6.309164047241211, 2.8297507762908936, -1.821846604347229], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, foreach=False)
    @Test func adamDefault() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps) }
        expectValues(ps[0], [0.6563525795936584, 0.26192450523376465, 0.0566810667514801, 0.6163178086280823, -0.4569051265716553, -0.16113096475601196], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.5177687406539917, 0.3766844570636749, -1.0226095914840698], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.4404983520507812, 0.8686890006065369, 0.1170443445444107, 0.5121629238128662, 0.6244838833808899, -0.37863054871559143], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.06176553666591644, 0.022462474182248116, 0.0004091345181223005, 0.007809288799762726, 0.011613705195486546, 0.004268879070878029], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.464306116104126, 0.6557643413543701, -0.42154884338378906], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.06381713598966599, 0.012802496552467346, 0.0052920253947377205], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, lr=0.1, foreach=False)
    @Test func adamLr() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps, lr: 0.1) }
        expectValues(ps[0], [0.16719099879264832, -0.22673873603343964, -0.09877024590969086, 0.13241952657699585, -0.9255849719047546, 0.3137568235397339], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.0261904001235962, -0.10688246786594391, -0.5536027550697327], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.183883786201477, 0.7052820920944214, -0.02514857053756714, 0.3758206367492676, 0.3625849485397339, -0.23949886858463287], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.04425026476383209, 0.015788201242685318, 0.00018085561168845743, 0.004725042264908552, 0.005296842195093632, 0.0021356602665036917], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.2856433391571045, 0.47819647192955017, -0.24580982327461243], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.050883207470178604, 0.0076788077130913734, 0.0024240855127573013], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, foreach=False)
    @Test func adamBetasEps() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps, lr: 0.05, betas: (0.8, 0.99), eps: 1e-6) }
        expectValues(ps[0], [0.41344860196113586, 0.01915900781750679, -0.11065864562988281, 0.37472909688949585, -0.6956199407577515, 0.07865394651889801], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.2741304636001587, 0.1351698935031891, -0.7838406562805176], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [2.134336471557617, 1.2793060541152954, 0.021358104422688484, 0.7181110382080078, 0.7880815267562866, -0.4959441125392914], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.5146663188934326, 0.1854221522808075, 0.0012465635081753135, 0.059850528836250305, 0.07665874063968658, 0.029658053070306778], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-2.243577480316162, 0.9167393445968628, -0.5329575538635254], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.5604189038276672, 0.09768927097320557, 0.0350177176296711], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, lr=0.05, weight_decay=0.1, foreach=False)
    @Test func adamWeightDecay() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps, lr: 0.05, weightDecay: 0.1) }
        expectValues(ps[0], [0.4125159978866577, 0.01821145787835121, -0.1195068433880806, 0.3732931315898895, -0.6976898908615112, 0.0805615484714508], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.2734955549240112, 0.13373689353466034, -0.7811264991760254], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.3357006311416626, 0.7939867377281189, 0.018680637702345848, 0.4652455449104309, 0.47019267082214355, -0.3113900423049927], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.05431590974330902, 0.0192404855042696, 0.0001384737406624481, 0.006699868943542242, 0.0071785408072173595, 0.003086864249780774], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.4335756301879883, 0.5785076022148132, -0.3709578812122345], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.06202497333288193, 0.010375607758760452, 0.004400678910315037], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, lr=0.2, amsgrad=True, foreach=False)
    @Test func adamAmsgrad() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps, lr: 0.2, amsgrad: true) }
        expectValues(ps[0], [-0.3013452887535095, -0.6916413307189941, 0.018475167453289032, -0.2934052348136902, -1.2199618816375732, 0.6590945720672607], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-0.5418201684951782, -0.5297890901565552, -0.25669217109680176], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [0.9294917583465576, 0.543636679649353, -0.02050066739320755, 0.24402683973312378, 0.13150401413440704, -0.11184468120336533], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.031594112515449524, 0.011086668819189072, 0.0002109225169988349, 0.003008834784850478, 0.00364666897803545, 0.0013705159071832895], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["max_exp_avg_sq"], [0.031594112515449524, 0.011086668819189072, 0.0002109225169988349, 0.003008834784850478, 0.00364666897803545, 0.0013705159071832895], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.106856107711792, 0.30685344338417053, -0.09042514860630035], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.04026491194963455, 0.004873356781899929, 0.0016618403606116772], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["max_exp_avg_sq"], [0.04026491194963455, 0.004873356781899929, 0.0016618403606116772], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, lr=0.2, weight_decay=0.05, amsgrad=True, foreach=False)
    @Test func adamAmsgradWeightDecay() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps, lr: 0.2, weightDecay: 0.05, amsgrad: true) }
        expectValues(ps[0], [-0.3007814586162567, -0.6899411678314209, 0.020097114145755768, -0.29199182987213135, -1.2049808502197266, 0.6505383253097534], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-0.5419350862503052, -0.527269721031189, -0.2458808720111847], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [0.9342138171195984, 0.5403904318809509, -0.020193371921777725, 0.24810419976711273, 0.11716096103191376, -0.10764046013355255], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.0320262610912323, 0.011071620509028435, 0.00021717477648053318, 0.0031428157817572355, 0.003542100079357624, 0.0013859531609341502], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["max_exp_avg_sq"], [0.0320262610912323, 0.011071620509028435, 0.00021717477648053318, 0.0031428157817572355, 0.003542100079357624, 0.0013859531609341502], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.1290696859359741, 0.3062075674533844, -0.10161150991916656], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.04192415252327919, 0.004945058375597, 0.0018336648354306817], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["max_exp_avg_sq"], [0.04192415252327919, 0.004945180844515562, 0.0018336648354306817], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam(ps, lr=0.01, maximize=True, foreach=False)
    @Test func adamMaximize() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam(ps, lr: 0.01, maximize: true) }
        expectValues(ps[0], [0.7113856673240662, 0.3169594407081604, 0.11188282072544098, 0.6713663339614868, -0.40183159708976746, -0.2161962389945984], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.5727919340133667, 0.43173372745513916, -1.0776827335357666], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [-1.4691542387008667, -0.8869437575340271, -0.14125032722949982, -0.5274507999420166, -0.6541755795478821, 0.3943348228931427], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.06401976943016052, 0.02332908846437931, 0.0005823128158226609, 0.008239595219492912, 0.01264414843171835, 0.004598068539053202], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [1.4842174053192139, -0.6756797432899475, 0.4414679706096649], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.06540298461914062, 0.01352046150714159, 0.005758584477007389], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.Adam([{'params': [ps[0]], 'lr': 0.1}, {'params': [ps[1]], 'betas': (0.5, 0.9)}], lr=0.01, foreach=False)
    @Test func adamGroups() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in Adam([ParamGroup([ps[0]], lr: 0.1), ParamGroup([ps[1]], ["betas": [0.5, 0.9]])], lr: 0.01) }
        expectValues(ps[0], [0.16719099879264832, -0.22673873603343964, -0.09877024590969086, 0.13241952657699585, -0.9255849719047546, 0.3137568235397339], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.4728866815567017, 0.33195197582244873, -0.9780322313308716], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.183883786201477, 0.7052820920944214, -0.02514857053756714, 0.3758206367492676, 0.3625849485397339, -0.23949886858463287], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.04425026476383209, 0.015788201242685318, 0.00018085561168845743, 0.004725042264908552, 0.005296842195093632, 0.0021356602665036917], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-3.407120943069458, 1.4945095777511597, -0.9405461549758911], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [5.120614528656006, 0.9990385174751282, 0.4015093445777893], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.AdamW(ps, foreach=False)
    @Test func adamWDefault() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in AdamW(ps) }
        expectValues(ps[0], [0.6563195586204529, 0.2619112432003021, 0.05667808651924133, 0.6162868142127991, -0.45688238739967346, -0.16112273931503296], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.5176924467086792, 0.3766654431819916, -1.022558331489563], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.4404813051223755, 0.8686846494674683, 0.11704301089048386, 0.5121542811393738, 0.6244961023330688, -0.3786281645298004], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.0617641918361187, 0.02246226742863655, 0.0004091261944267899, 0.007809050381183624, 0.011614115908741951, 0.004268830642104149], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.4642784595489502, 0.6557574272155762, -0.4215303063392639], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.06381495296955109, 0.012802251614630222, 0.005291604902595282], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.AdamW(ps, lr=0.1, weight_decay=0.3, foreach=False)
    @Test func adamWDecay() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in AdamW(ps, lr: 0.1, weightDecay: 0.3) }
        expectValues(ps[0], [0.10419538617134094, -0.2350444197654724, -0.08979494869709015, 0.07652796059846878, -0.8408896923065186, 0.3078937530517578], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-0.8421828150749207, -0.13034535944461823, -0.4540909230709076], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.1422070264816284, 0.6976233124732971, -0.022622125223279, 0.3553643524646759, 0.40501099824905396, -0.23713091015815735], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.0418010838329792, 0.015503369271755219, 0.0001697988191153854, 0.004366099834442139, 0.005959834437817335, 0.002101925667375326], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.2114571332931519, 0.46396690607070923, -0.19949842989444733], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.04615132138133049, 0.007347705774009228, 0.0020183511078357697], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.AdamW(ps, lr=0.1, weight_decay=0.1, amsgrad=True, foreach=False)
    @Test func adamWAmsgrad() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in AdamW(ps, lr: 0.1, weightDecay: 0.1, amsgrad: true) }
        expectValues(ps[0], [0.145115926861763, -0.22981926798820496, -0.09567628055810928, 0.11277454346418381, -0.8965916633605957, 0.31191450357437134], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-0.962096631526947, -0.11523488163948059, -0.5181493759155273], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.1696629524230957, 0.702656090259552, -0.024302132427692413, 0.36883580684661865, 0.3769688904285431, -0.23867657780647278], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.043403156101703644, 0.015690499916672707, 0.00017705206118989736, 0.004599688574671745, 0.005505670793354511, 0.0021240729838609695], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["max_exp_avg_sq"], [0.043403156101703644, 0.015690499916672707, 0.00017705206118989736, 0.004599688574671745, 0.005505670793354511, 0.0021240729838609695], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.2603614330291748, 0.4733298718929291, -0.22994178533554077], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.04922964423894882, 0.007564533036202192, 0.0022694217041134834], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["max_exp_avg_sq"], [0.04922964423894882, 0.007564533036202192, 0.0022694217041134834], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

    // torch.optim.AdamW([{'params': [ps[0]], 'weight_decay': 0.5}, {'params': [ps[1]], 'lr': 0.02}], lr=0.1, foreach=False)
    @Test func adamWGroups() {
        let (ps, optimizer) = runOptimizer(steps: 5) { ps in AdamW([ParamGroup([ps[0]], ["weight_decay": 0.5]), ParamGroup([ps[1]], lr: 0.02)], lr: 0.1) }
        expectValues(ps[0], [0.06734214723110199, -0.23910419642925262, -0.08431762456893921, 0.044110484421253204, -0.7882226705551147, 0.30346769094467163], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(ps[1], [-1.4213922023773193, 0.281595915555954, -0.9270537495613098], shape: [3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[0]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[0]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg"], [1.1160297393798828, 0.6928743720054626, -0.02096095308661461, 0.34253910183906555, 0.4320952892303467, -0.23571261763572693], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[0]?["exp_avg_sq"], [0.04031345993280411, 0.01532677747309208, 0.00016300503921229392, 0.004153459332883358, 0.006457189563661814, 0.0020810929127037525], shape: [2, 3], atol: 1e-6, rtol: 1e-6)
        #expect(Array(optimizer.stateDict().state[1]?.keys ?? []) == ["step", "exp_avg", "exp_avg_sq"])
        expectValues(optimizer.stateDict().state[1]?["step"], [5.0], shape: [], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg"], [-1.4293925762176514, 0.6212858557701111, -0.3868631422519684], shape: [3], atol: 1e-6, rtol: 1e-6)
        expectValues(optimizer.stateDict().state[1]?["exp_avg_sq"], [0.061106402426958084, 0.01162805873900652, 0.004548803437501192], shape: [3], atol: 1e-6, rtol: 1e-6)
    }

}
