@testable import Ember

// dtype and device conversion, copies and detaching. Values are positive so float ->
// integer conversions truncate without the platform-defined wrap of negative -> uint8.

extension OpRegistry {
    static func addConversion(to t: inout RegistryTable) {
        let s = [3, 4]
        let all = DTypes.all
        for target in DTypes.all + DTypes.complex {
            t.add("to.\(target)", [.x(s, .positive)], all + DTypes.complex, grad: target == .float64,
                  ["Tensor.to": { $0[0].to(target) }, "Tensor.to": { $0[0].to(.cpu, target) }])
        }
        t.add("to.device", [.x(s)], all + DTypes.complex, grad: true,
              ["Tensor.to": { $0[0].to(.cpu) }, "Tensor.cpu": { $0[0].cpu() }])
        t.add("float", [.x(s, .positive)], all + DTypes.complex, ["Tensor.float": { $0[0].float() }])
        t.add("double", [.x(s, .positive)], all + DTypes.complex, grad: true, ["Tensor.double": { $0[0].double() }])
        t.add("half", [.x(s, .positive)], all + DTypes.complex, ["Tensor.half": { $0[0].half() }])
        t.add("long", [.x(s, .positive)], all + DTypes.complex, ["Tensor.long": { $0[0].long() }])
        t.add("int", [.x(s, .positive)], all + DTypes.complex, ["Tensor.int": { $0[0].int() }])
        t.add("bool", [.x(s, .coarse)], all + DTypes.complex,
              ["Tensor.bool": { $0[0].bool() }])
        t.add("clone", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.clone": { $0[0].clone() }])
        t.add("contiguous", [.x(s)], all + DTypes.complex, grad: true, ["Tensor.contiguous": { $0[0].contiguous() }])
        t.add("detach", [.x(s)], all + DTypes.complex, ["Tensor.detach": { $0[0].detach() }])
    }
}
